"""Run SPARQL queries in a worker process that can be killed: the time limit that really stops.

Why a process: pyoxigraph has no way to cancel a running query, and it evaluates ``ORDER BY``,
``GROUP BY`` and joins inside Rust before yielding the first row, so neither a deadline check
between rows nor a Python thread can stop it (a thread keeps burning a CPU core after a timeout).
A separate process can be killed at the deadline. The worker is long-lived: it opens the store
once (``Store.read_only`` on the store's folder) and answers queries over a pipe, so a query pays
only the pickling of its rows. An in-memory store's workers are forked from a :class:`Zygote`
and share its data copy-on-write; when that is not possible (the process already ran threads when
the store changed), the store is first copied into a temporary folder, the "snapshot". A worker is
restarted only after a timeout or after the store changed.

For the HTTP endpoint the worker also writes the result (SPARQL JSON/XML/CSV/TSV, RDF), so the
parent forwards bytes (:func:`_write`, ``output``), and the parent can await the reply on its
event loop instead of a thread (:meth:`QueryWorker.run_async`).

A store runs a :class:`WorkerPool` of up to ``size`` (setting ``workers``) such workers, started on demand, one
of them kept for short queries, so that slow queries do not make the next query wait (the HTTP
server answers ``ASK {}`` while slow queries hold every other worker; ``tests/test_time_limit.py``
and ``tests/test_sparql_protocol.py`` check it, ``bench/load.py`` measures it). Requests and
replies are one type each (:class:`Request`, :class:`Reply`), pickled over the pipe.

Measured on this machine (``tests/test_time_limit.py`` checks the behaviour, ``bench`` numbers
in the README): starting the worker (spawn + import pyoxigraph + open read-only) about 0.1 s,
once; a trivial query through the worker about 1 ms; a cross join of 3,000 x 3,000 triples with
``COUNT`` is stopped at the limit (0.5 s) to within about 50 ms, and the CPU is freed.
"""

from __future__ import annotations

import math
import os
import pickle
import re
import select
import signal
import socket
import sys
import threading
import time
from contextlib import contextmanager

import pyoxigraph as ox

try:  # CPython's C string encoder, the one json.dumps uses: the json package would cost each worker 1 MB
    from _json import encode_basestring as _json_string
except ImportError:  # pragma: no cover - other Pythons
    from json.encoder import encode_basestring as _json_string

# The worker process imports this file and little else: its memory is part of every server's (bench/RESULTS.md
# sections 11 and 12). So no typing, dataclasses, multiprocessing, json or subprocess at run time (about 3 MB a
# worker; re comes with pickle); type checkers read the names below (mypy takes any TYPE_CHECKING as true).
TYPE_CHECKING = False
if TYPE_CHECKING:
    import subprocess
    from collections.abc import Callable, Iterator
    from typing import Any

    #: one solution of a SELECT: a term per variable (pyoxigraph's terms, which it does not type), None if unbound
    Row = tuple[Any, ...]

# graf.errors is imported inside the methods that run in the server process: this file also runs as
# the worker process itself (a script, ``-P``), which imports nothing of graf

# -- the worker protocol: one request type, one reply type (picklable; the worker imports nothing else) --
# Plain classes with slots, not dataclasses: see TYPE_CHECKING above.


class Output:
    """How the worker writes a result itself (the HTTP endpoint's path, see :func:`_write`).

    ``formats`` maps a kind of result ("select", "ask", "graph") to a format name of
    ``graf.sparql.SELECT_FORMATS`` / ``GRAPH_FORMATS``; a JSON or XML result cut at the row cap
    names ``link`` in its head; Turtle uses ``prefixes``.
    """

    __slots__ = ("formats", "link", "prefixes")

    def __init__(self, formats: dict[str, str], link: str | None = None, prefixes: dict[str, str] | None = None):
        self.formats = formats
        self.link = link
        self.prefixes = prefixes if prefixes is not None else {}


class Request:
    """One query for a worker. A protocol dataset (``default_graphs``/``named_graphs``, as the
    SPARQL 1.1 Protocol's default-graph-uri/named-graph-uri) overrides FROM/FROM NAMED; with
    neither, the default graph is the union of all graphs unless ``union`` is False (the query has
    its own FROM / FROM NAMED, which then define its dataset). ``max_rows``: graf.store.QueryOptions
    has the default (setting max_rows); ``bindings``: variable name -> term, substituted."""

    __slots__ = ("text", "max_rows", "default_graphs", "named_graphs", "prefixes", "base_iri", "union", "output",
                 "bindings")

    def __init__(self, text: str, max_rows: int, default_graphs: tuple[str, ...] = (),
                 named_graphs: tuple[str, ...] | None = None, prefixes: dict[str, str] | None = None,
                 base_iri: str | None = None, union: bool = True, output: Output | None = None,
                 bindings: dict[str, Any] | None = None):
        self.text = text
        self.max_rows = max_rows
        self.default_graphs = default_graphs
        self.named_graphs = named_graphs
        self.prefixes = prefixes if prefixes is not None else {}
        self.base_iri = base_iri
        self.union = union
        self.output = output
        self.bindings = bindings if bindings is not None else {}


#: what a :class:`Reply` can be
REPLY_KINDS = ("select", "ask", "graph", "bytes", "noformat", "badformat", "syntax", "error")


class Reply:
    """A worker's answer to a :class:`Request`. ``kind`` is one of :data:`REPLY_KINDS`:

    * ``select`` (``variables``, ``rows``, ``truncated``), ``ask`` (``boolean``), ``graph``
      (``triples``, ``truncated``): the result as terms;
    * with ``output``: ``bytes`` (``result`` is the kind of result, ``format``, ``body``,
      ``truncated``), ``noformat`` (no format was chosen for ``result``), ``badformat`` (the result
      cannot be written in ``format``; ``message`` says why);
    * ``syntax`` (the parser's ``message``, with "error at LINE:COL") and ``error`` (an evaluation
      error's ``message``).
    """

    __slots__ = ("kind", "variables", "rows", "boolean", "triples", "truncated", "result", "format", "body",
                 "message")

    def __init__(self, kind: str, *, variables: list[str] | None = None, rows: list[Row] | None = None,
                 boolean: bool | None = None, triples: list[ox.Triple] | None = None, truncated: bool = False,
                 result: str | None = None, format: str | None = None, body: bytes | None = None,
                 message: str = ""):
        self.kind = kind
        self.variables = variables if variables is not None else []
        self.rows = rows if rows is not None else []
        self.boolean = boolean
        self.triples = triples if triples is not None else []
        self.truncated = truncated
        self.result = result
        self.format = format
        self.body = body
        self.message = message

    def __repr__(self) -> str:
        return f"Reply({self.kind!r}, message={self.message!r})"


class Channel:
    """One end of the socket between the server and a worker, carrying pickled messages, each framed by
    its length (8 bytes): what ``multiprocessing.connection.Connection`` does, without importing
    multiprocessing into the worker (see TYPE_CHECKING above), and with the C pickler alone."""

    __slots__ = ("_sock",)

    def __init__(self, sock: socket.socket):
        self._sock = sock

    def fileno(self) -> int:
        return self._sock.fileno()

    def send(self, message: object) -> None:
        payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        header = len(payload).to_bytes(8, "little")
        if len(payload) < 1 << 16:
            self._sock.sendall(header + payload)  # one write
        else:  # no copy of a large result
            self._sock.sendall(header)
            self._sock.sendall(payload)

    def recv(self) -> Any:
        """The next message; EOFError when the other end closed."""
        size = int.from_bytes(self._exactly(8), "little")
        return pickle.loads(self._exactly(size))

    def _exactly(self, size: int) -> bytearray:
        buffer = bytearray(size)
        view = memoryview(buffer)
        got = 0
        while got < size:
            n = self._sock.recv_into(view[got:])
            if n == 0:
                raise EOFError("the other end closed the channel")
            got += n
        return buffer

    def poll(self, timeout: float | None) -> bool:
        """True when a message (or the end of the channel) can be read, waiting up to ``timeout`` seconds."""
        waiter = select.poll()  # not select.select: a server's descriptors can be above 1024
        waiter.register(self._sock, select.POLLIN)
        return bool(waiter.poll(None if timeout is None else max(0, math.ceil(timeout * 1000))))

    def close(self) -> None:
        self._sock.close()


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"  # graf.iris.XSD_STRING: a worker imports nothing of graf


# -- result formats (used here, in the worker, and by graf.sparql in the parent) ------------------------
# Written with the standard library and pyoxigraph only: the worker imports nothing else.


def _json_term(term: Any) -> str:
    """A term in SPARQL 1.1 Query Results JSON, written directly (1.5x-2.7x faster than building a dict
    per term for ``json.dumps``: bench/RESULTS.md section 12)."""
    if isinstance(term, ox.NamedNode):
        return '{"type": "uri", "value": ' + _json_string(term.value) + "}"
    if isinstance(term, ox.BlankNode):
        return '{"type": "bnode", "value": ' + _json_string(term.value) + "}"
    if isinstance(term, ox.Literal):
        value = '{"type": "literal", "value": ' + _json_string(term.value)
        if term.language:
            return value + ', "xml:lang": ' + _json_string(term.language) + "}"
        datatype = term.datatype.value
        return value + ("}" if datatype == _XSD_STRING else ', "datatype": ' + _json_string(datatype) + "}")
    return '{"type": "literal", "value": ' + _json_string(str(term)) + "}"


def to_json(variables: list[str], rows: list[Row] | None, boolean: bool | None = None,
            link: str | None = None) -> bytes:
    """SPARQL JSON of a SELECT (``rows``) or ASK (``boolean``, ``rows`` None) result; ``link`` goes
    into the head (graf marks a result cut at the row cap with it)."""
    head = [] if rows is None else ['"vars": [' + ", ".join(map(_json_string, variables)) + "]"]
    if link is not None:
        head.append('"link": [' + _json_string(link) + "]")
    if rows is None:
        body = '"boolean": ' + ("true" if boolean else "false")
    else:
        names = [_json_string(v) + ": " for v in variables]
        bindings = ", ".join("{" + ", ".join(n + _json_term(t) for n, t in zip(names, row, strict=True)
                                              if t is not None) + "}" for row in rows)
        body = '"results": {"bindings": [' + bindings + "]}"
    return ("{\"head\": {" + ", ".join(head) + "}, " + body + "}").encode("utf-8")


# characters XML 1.0 cannot carry, not even as character references
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    """``text`` unchanged; ValueError naming the character if XML 1.0 cannot represent it."""
    found = _NOT_XML.search(text)
    if found:
        raise ValueError(f"a value contains U+{ord(found.group()):04X}, which XML 1.0 cannot represent; "
                         "ask for SPARQL JSON instead")
    return text


_EDGE_SPACE = re.compile(r"^[ \t\n]+|[ \t\n]+$")


def _xml_text(text: str) -> str:
    """``text`` escaped for XML; carriage returns and white space at either end as character
    references, which every reader keeps (XML parsers turn CR LF into LF, and some readers, such
    as pyoxigraph's, trim the white space around a value)."""
    from xml.sax.saxutils import escape

    escaped = escape(_xml_safe(text)).replace("\r", "&#13;")
    return _EDGE_SPACE.sub(lambda m: "".join(f"&#{ord(c)};" for c in m.group()), escaped)


def _xml_term(term: Any) -> str:
    from xml.sax.saxutils import quoteattr

    if isinstance(term, ox.NamedNode):
        return f"<uri>{_xml_text(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{_xml_text(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{_xml_text(term.value)}</literal>"
        if term.datatype.value != _XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{_xml_text(term.value)}</literal>"
        return f"<literal>{_xml_text(term.value)}</literal>"
    return f"<literal>{_xml_text(str(term))}</literal>"


def to_xml(variables: list[str], rows: list[Row] | None, boolean: bool | None = None,
           link: str | None = None) -> bytes:
    """SPARQL XML of a SELECT (``rows``) or ASK (``boolean``) result."""
    from xml.sax.saxutils import quoteattr  # imported on use: it costs the worker about 7 MB
    out = ['<?xml version="1.0" encoding="UTF-8"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
    head = "".join(f"<variable name={quoteattr(v)}/>" for v in variables)
    if link is not None:
        head += f"<link href={quoteattr(link)}/>"
    out.append(f"<head>{head}</head>")
    if rows is None:
        out.append(f"<boolean>{'true' if boolean else 'false'}</boolean>")
    else:
        out.append("<results>")
        for row in rows:
            cells = "".join(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                            for v, t in zip(variables, row, strict=True) if t is not None)
            out.append(f"<result>{cells}</result>")
        out.append("</results>")
    out.append("</sparql>")
    return "\n".join(out).encode("utf-8")


def _csv_value(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value if isinstance(term, (ox.NamedNode, ox.Literal)) else str(term)


def to_csv(variables: list[str], rows: list[Row]) -> bytes:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(variables)
    writer.writerows([_csv_value(t) for t in row] for row in rows)
    return buffer.getvalue().encode("utf-8")


def to_tsv(variables: list[str], rows: list[Row]) -> bytes:
    lines = ["\t".join("?" + v for v in variables)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


#: RDF formats of CONSTRUCT/DESCRIBE results, by graf's format name
GRAPH_FORMAT_NAMES = {"turtle": "TURTLE", "nt": "N_TRIPLES", "jsonld": "JSON_LD", "rdfxml": "RDF_XML"}


def _kind_of(results: Any) -> str:
    if isinstance(results, ox.QueryBoolean):
        return "ask"
    return "select" if isinstance(results, ox.QuerySolutions) else "graph"


def _cut(results: Any, kind: str, max_rows: int) -> tuple[list[Any], bool]:
    """At most ``max_rows`` rows (tuples of terms) or triples, and whether more existed."""
    rows: list[Any] = []  # rows (``Row``) of a SELECT, triples of a graph result
    for item in results:
        if len(rows) >= max_rows:
            return rows, True
        rows.append(tuple(item) if kind == "select" else item)
    return rows, False


def _write(results: Any, max_rows: int, output: Output) -> Reply:
    """The result written in the format chosen for its kind (``output.formats``).

    The row cap still applies (``truncated``; JSON and XML name it in the head with
    ``output.link``), so the parent forwards bytes instead of unpickling terms and writing them.
    """
    kind = _kind_of(results)
    fmt = output.formats.get(kind)
    if kind == "ask":
        writer = {"json": to_json, "xml": to_xml}.get(fmt or "")
        if writer is None:
            return Reply("noformat", result=kind)
        return Reply("bytes", result=kind, format=fmt, body=writer([], None, bool(results)))
    known = ("json", "xml", "csv", "tsv") if kind == "select" else tuple(GRAPH_FORMAT_NAMES)
    if fmt not in known:
        return Reply("noformat", result=kind)
    rows, truncated = _cut(results, kind, max_rows)
    body: bytes | None
    try:
        if kind == "select":
            variables = [v.value for v in results.variables]
            link = output.link if truncated else None
            if fmt in ("json", "xml"):
                body = (to_json if fmt == "json" else to_xml)(variables, rows, None, link)
            else:
                body = (to_csv if fmt == "csv" else to_tsv)(variables, rows)
        else:
            prefixes = output.prefixes if fmt == "turtle" else None
            body = ox.serialize(rows, format=getattr(ox.RdfFormat, GRAPH_FORMAT_NAMES[fmt]), prefixes=prefixes)
    except (OSError, ValueError) as exc:  # a character XML 1.0 cannot carry; RDF 1.2 triple terms in N-Triples
        return Reply("badformat", result=kind, format=fmt, message=str(exc))
    return Reply("bytes", result=kind, format=fmt, body=body, truncated=truncated)


def _evaluate(store: Any, request: Request) -> Reply:
    """Run one query (see :class:`Request` for the dataset it runs on). ``bindings`` are
    substituted for the query's variables (pyoxigraph ``substitutions``, SPARQL SEP-0007)."""
    options: dict[str, Any] = {"prefixes": request.prefixes, "base_iri": request.base_iri}
    if request.bindings:
        options["substitutions"] = {ox.Variable(name): term for name, term in request.bindings.items()}
    if request.default_graphs:
        options["default_graph"] = [ox.NamedNode(g) for g in request.default_graphs]
    elif request.named_graphs is not None:
        options["default_graph"] = []  # only named graphs given: the default graph is empty
    elif request.union:
        options["use_default_graph_as_union"] = True
    if request.named_graphs is not None:
        options["named_graphs"] = [ox.NamedNode(g) for g in request.named_graphs]
    results = store.query(request.text, **options)
    if request.output is not None:
        return _write(results, request.max_rows, request.output)
    kind = _kind_of(results)
    if kind == "ask":
        return Reply("ask", boolean=bool(results))
    rows, truncated = _cut(results, kind, request.max_rows)
    if kind == "select":
        return Reply("select", variables=[v.value for v in results.variables], rows=rows, truncated=truncated)
    return Reply("graph", triples=rows, truncated=truncated)


def _serve(conn: Channel, path: str) -> None:  # runs in the worker process
    """Worker main loop: open the store read-only, answer until the pipe closes."""
    import time

    import pyoxigraph as ox

    # Right after another process wrote the store (e.g. `graf load --store DIR`, then `graf info`),
    # RocksDB may still be compacting: a read-only open can see a file list that is being replaced
    # and fail with "Corruption ... No such file". Such a failure is transient: retry briefly.
    for attempt in range(20):
        try:
            store = ox.Store.read_only(path)
            break
        except (OSError, RuntimeError):
            if attempt == 19:
                raise
            time.sleep(0.05 * (attempt + 1))
    conn.send(("ready",))
    _answer(conn, store)


def _exit_with_parent() -> None:
    """End this worker when its parent (the server, or the zygote) is gone, even in the middle of a
    query: pyoxigraph lets other threads run while it evaluates, so a watcher thread can."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="graf-exit-with-parent", daemon=True).start()


#: the stack of the thread that evaluates queries in a worker. pyoxigraph's parser and planner
#: recurse once per link of a flat chain (``{..} UNION {..} UNION ...``, a run of FILTERs or triple
#: patterns) and overflow a thread's usual 8 MB at about 10,000 links: a segfault, not an error.
#: 1 GiB is address space, not memory (only the pages a query touches are used); it carries chains
#: longer than a request of ``max_request_bytes`` (1 MB) can hold.
QUERY_STACK_BYTES = 1 << 30


def _answer(conn: Channel, store: Any) -> None:
    """Answer queries on ``store`` until the pipe closes (or the parent process is gone), in a
    thread with a :data:`QUERY_STACK_BYTES` stack."""
    _exit_with_parent()
    previous = threading.stack_size(QUERY_STACK_BYTES)
    try:
        thread = threading.Thread(target=_answer_all, args=(conn, store), name="graf-query")
        thread.start()
    finally:
        threading.stack_size(previous)
    thread.join()


def _answer_all(conn: Channel, store: Any) -> None:
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send(_evaluate(store, request))
        except SyntaxError as exc:
            conn.send(Reply("syntax", message=str(exc.args[0]) if exc.args else str(exc)))
        except Exception as exc:  # reported to the parent, which raises a GrafError
            conn.send(Reply("error", message=f"{type(exc).__name__}: {exc}"))


# -- forked workers of an in-memory store ------------------------------------------------------------


def single_threaded() -> bool:
    """True if this process runs one thread only (Python's and native ones): then it may fork."""
    if not hasattr(os, "fork") or threading.active_count() != 1:
        return False
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:  # no /proc: native threads cannot be counted, so do not fork
        return False


class ForkedProcess:
    """A worker forked by a :class:`Zygote` (not our child: its zygote reaps it), with the bits of
    ``subprocess.Popen`` that :class:`QueryWorker` uses."""

    def __init__(self, pid: int):
        self.pid = pid

    def poll(self) -> int | None:
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return -9
        except PermissionError:  # the pid was reused by another user's process: ours is gone
            return -9
        return None

    def kill(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass

    def wait(self, timeout: float | None = None) -> int | None:
        deadline = time.monotonic() + (timeout if timeout is not None else 3600)
        while self.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
        return self.poll()


class Zygote:
    """A process forked right after an in-memory store was loaded, that forks query workers.

    An in-memory store cannot be opened by another process; the alternative is a snapshot on disk
    (``bulk_extend`` into a temporary RocksDB), whose bulk loader peaks at about 2.5x the store's
    own memory at 1M triples. A forked process instead shares the store's pages copy-on-write:
    nothing is copied up front. Forking is only safe from a single-threaded process (a thread
    holding a lock at the fork leaves it locked forever in the child), so the zygote is forked once,
    while the parent has one thread (``graf serve`` does it before the server starts threads), and
    the zygote, which never starts a thread, forks every worker on request. Workers it forks are
    killable like any worker (SIGKILL at the time limit); the kernel reaps them (SIGCHLD ignored).

    Reading the store writes to its pages (reference counts), so a worker that scans the whole
    store ends up with a private copy of most of it (about 240 MB at 1M triples): still less than
    the snapshot's peak, and bounded by the ``workers`` setting.
    """

    def __init__(self, store: Any):
        parent_sock, child_sock = socket.socketpair()
        pid = os.fork()
        if pid == 0:  # the zygote
            try:
                parent_sock.close()
                _zygote_main(child_sock, store)
            finally:
                os._exit(0)
        child_sock.close()
        self.pid = pid
        self._sock = parent_sock
        self._lock = threading.Lock()

    def spawn(self) -> tuple[ForkedProcess, Channel]:
        """A new worker process and the pipe to it."""
        ours, theirs = socket.socketpair()
        try:
            with self._lock:
                socket.send_fds(self._sock, [b"F"], [theirs.fileno()])
                data = self._sock.recv(8)
        except OSError:
            data = b""
        finally:
            theirs.close()
        if len(data) != 8:
            ours.close()
            from graf.errors import StoreError

            raise StoreError("the query workers of the in-memory store could not be started")
        return ForkedProcess(int.from_bytes(data, "little", signed=True)), Channel(ours)

    def stop(self) -> None:
        """End the zygote (its running workers are stopped by their pool)."""
        with self._lock:
            self._sock.close()
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass


def _zygote_main(sock: socket.socket, store: Any) -> None:  # runs in the zygote
    import gc

    gc.freeze()  # the collector must not write to the parent's objects (each write copies a page)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # workers are reaped by the kernel
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C in `graf serve` ends the parent; we follow
    keep = sock.fileno()
    os.closerange(3, keep)  # the parent's other files and sockets (e.g. pipes to other children)
    os.closerange(keep + 1, 1 << 16)
    while True:
        try:
            _msg, fds, _flags, _addr = socket.recv_fds(sock, 1, 1)
        except OSError:
            return
        if not fds:  # the parent closed the pipe (or died)
            return
        pid = os.fork()
        if pid == 0:  # a worker
            try:
                sock.close()
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                conn = Channel(socket.socket(fileno=fds[0]))
                conn.send(("ready",))
                _answer(conn, store)
            finally:
                os._exit(0)
        os.close(fds[0])
        try:
            sock.sendall(pid.to_bytes(8, "little", signed=True))
        except OSError:
            return


def _await_ready(proc: subprocess.Popen[bytes] | ForkedProcess, conn: Channel, failure: str) -> None:
    """Wait (up to a minute) for a new worker's ``("ready",)``; if it does not come, kill the worker
    (reaping it when it is our child; a zygote reaps its forks) and raise StoreError(``failure``)."""
    try:
        ready = conn.poll(60) and conn.recv() == ("ready",)
    except (EOFError, OSError):
        ready = False
    if ready:
        return
    proc.kill()
    if not isinstance(proc, ForkedProcess):
        proc.wait()
    conn.close()
    from graf.errors import StoreError

    raise StoreError(failure)


class QueryWorker:
    """A killable worker process answering queries on the store folder ``path`` (or, with
    ``spawner``, a worker forked by a :class:`Zygote`)."""

    def __init__(self, path: str, spawner: Callable[[], tuple[ForkedProcess, Channel]] | None = None, *,
                 nice: int = 0):
        self.path = path
        self.spawner = spawner
        self.nice = nice  # added to the worker process's CPU niceness (lower priority) once started
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[bytes] | ForkedProcess | None = None
        self._conn: Channel | None = None

    @property
    def running(self) -> bool:
        """True if the worker process is started (a query on it needs no start-up)."""
        return self._conn is not None

    @property
    def process(self) -> subprocess.Popen[bytes] | ForkedProcess | None:
        """The worker's process (``poll()``, ``kill()``), None when it is not started."""
        return self._proc

    def _start(self) -> Channel:
        conn = self._spawn()
        if self.nice and self._proc is not None:
            try:
                os.setpriority(os.PRIO_PROCESS, self._proc.pid, os.getpriority(os.PRIO_PROCESS, 0) + self.nice)
            except (OSError, AttributeError):  # not permitted, or no such call here: run at the same priority
                pass
        return conn

    def _spawn(self) -> Channel:
        if self.spawner is not None:
            forked, conn = self.spawner()
            _await_ready(forked, conn, "the query worker of the in-memory store could not start")
            self._proc, self._conn = forked, conn
            return conn
        # A plain subprocess running this file (``-P``: its folder is not put on sys.path), not
        # multiprocessing: spawn would re-run the parent's ``__main__`` (a script, stdin, uvicorn),
        # and fork must not copy a process holding RocksDB threads. It imports only pyoxigraph.
        import subprocess  # here, not at the top: the worker process imports this file

        parent_sock, child_sock = socket.socketpair()
        with child_sock:
            child = subprocess.Popen(
                [sys.executable, "-P", __file__, self.path, str(child_sock.fileno())],
                pass_fds=[child_sock.fileno()],
                stdin=subprocess.DEVNULL,
            )
        conn = Channel(parent_sock)
        _await_ready(child, conn, f"the query worker could not open the store at {self.path}")
        self._proc, self._conn = child, conn
        return conn

    def run(self, request: Request, time_limit_s: float) -> Reply:
        """Evaluate ``request``; kill the worker and raise QueryTimeout after ``time_limit_s``."""
        with self._lock:
            conn = self._conn or self._start()
            conn.send(request)
            try:
                ready = conn.poll(time_limit_s)
            except (EOFError, OSError):
                ready = True
            if not ready:
                self._kill()
                from graf.errors import QueryTimeout

                raise QueryTimeout(time_limit_s)
            return self._reply(conn)

    async def run_async(self, request: Request, time_limit_s: float) -> Reply | None:
        """:meth:`run` for an asyncio event loop: waits for the reply on the pipe without a thread.

        The time limit is the same (the worker is killed after ``time_limit_s``); a cancelled
        caller (the HTTP client went away) kills the worker too, so that no late reply is left on
        the pipe for the next query. Returns None, having done nothing, when the worker is not
        running or is being stopped: starting one blocks, so the caller then uses :meth:`run` in a
        thread.
        """
        import asyncio

        loop = asyncio.get_running_loop()
        started = time.monotonic()
        if not self._lock.acquire(blocking=False):  # stop() is killing it
            return None
        try:
            conn = self._conn
            if conn is None:
                return None
            conn.send(request)
            ready: asyncio.Future[bool] = loop.create_future()  # True: the reply is arriving; False: time is up
            fd = conn.fileno()

            def settle(arrived: bool) -> None:
                if not ready.done():
                    ready.set_result(arrived)

            loop.add_reader(fd, settle, True)
            # a timer, not asyncio.wait_for (which wraps the future in a task per query)
            timer = loop.call_later(max(0.001, time_limit_s - (time.monotonic() - started)), settle, False)
            try:
                arrived = await ready
            except BaseException:  # the caller was cancelled
                timer.cancel()
                loop.remove_reader(fd)  # before the fd is closed: its number is reused by the next worker
                self._kill()
                raise
            timer.cancel()
            loop.remove_reader(fd)
            if not arrived:
                self._kill()
                from graf.errors import QueryTimeout

                raise QueryTimeout(time_limit_s) from None
            os.set_blocking(fd, True)  # uvloop's add_reader makes the socket non-blocking
            return self._reply(conn)  # the reply is arriving: read it whole (the worker writes it at once)
        finally:
            self._lock.release()

    def _reply(self, conn: Channel) -> Reply:
        """The worker's reply to the request just sent; a worker that died is killed for good, an
        evaluation error is raised as QueryEvaluationError."""
        try:
            reply: Reply = conn.recv()
        except (EOFError, OSError) as exc:
            self._kill()
            from graf.errors import StoreError

            raise StoreError("the query worker died; the query may need too much memory") from exc
        if reply.kind == "error":
            from graf.errors import QueryEvaluationError

            raise QueryEvaluationError(reply.message)
        return reply

    def stop(self) -> None:
        """Kill the worker (if any), waiting for a running query; the next query starts a fresh one."""
        with self._lock:
            self._kill()

    def _kill(self) -> None:
        proc, conn = self._proc, self._conn
        self._proc = self._conn = None
        if conn is not None:
            conn.close()
        if proc is not None:
            proc.kill()
            proc.wait(5)

    def __del__(self) -> None:
        self._kill()


#: seconds a query text that ran long is remembered as long
LONG_MEMORY_S = 600.0
#: how much lower the CPU priority of the general workers after the first is than the server's and the short lane's
GENERAL_NICE = 10


class _LongTexts:
    """Query texts seen running longer than the short-query budget, remembered for a while."""

    def __init__(self, size: int = 512):
        self.size = size
        self._until: dict[str, float] = {}

    def add(self, text: str) -> None:
        now = time.monotonic()
        if len(self._until) >= self.size:
            self._until = {t: u for t, u in self._until.items() if u > now}
            while len(self._until) >= self.size:
                del self._until[next(iter(self._until))]  # the oldest
        self._until.pop(text, None)
        self._until[text] = now + LONG_MEMORY_S

    def __contains__(self, text: str) -> bool:
        until = self._until.get(text)
        return until is not None and until > time.monotonic()


class WorkerPool:
    """Up to ``size`` query workers on one store, so that slow queries do not hold up others.

    With two or more workers, one is kept for short queries (the *short lane*); the others are
    *general* workers, started on demand (about 0.1 s; a fork of the zygote in memory):

    * a query takes an idle general worker and runs there up to its time limit;
    * when every general worker is busy, it may take the short lane, where it runs for at most
      ``short_query_s``: a query still running then is stopped and answered with
      :class:`~graf.errors.ServerBusy` (HTTP 503 with ``Retry-After``);
    * a query text seen running longer than ``short_query_s`` (on any worker) is remembered as long
      for :data:`LONG_MEMORY_S`: while every general worker is busy, it gets ServerBusy at once
      instead of waiting or taking the short lane;
    * otherwise the query waits for whichever frees first; waiting counts toward its time limit.

    So slow queries, however many clients repeat them, occupy at most the general workers, and a
    short query (``ASK {}``, a lookup) still finds the short lane, or waits at most
    ``short_query_s`` for it. The general workers also run at a lower CPU priority
    (:data:`GENERAL_NICE`): on a machine with fewer cores than slow queries, the short lane and the
    server's own event loop still get the CPU (this changes nothing on an idle machine; measured
    in ``bench/load.py``). The first general worker is the exception: it runs at the server's
    priority and an idle one is taken first, so that queries that do not overlap (the common case)
    never lose the CPU to the machine's other work, or to the store's own background compaction
    after a bulk load (``bench/RESULTS.md`` section 12: 139 ms instead of 27 for a 20 ms query at
    nice +10); only queries running beside it are lowered. With one worker there is no lane: a
    query waits while another runs.
    A timed-out worker is killed and restarts on its next query (see :class:`QueryWorker`).
    """

    def __init__(self, path: str, size: int, spawner: Any = None, *, short_query_s: float):
        self.path = path
        self.spawner = spawner
        self.size = max(1, size)
        self.short_query_s = short_query_s
        self._general = self.size - 1 if self.size > 1 else 1
        self._lane: QueryWorker | None = QueryWorker(path, spawner) if self.size > 1 else None
        self._nice = GENERAL_NICE if self._lane is not None else 0
        self._lane_busy = False
        self._cond = threading.Condition()
        self._workers: list[QueryWorker] = []
        self._idle: list[QueryWorker] = []
        self._deadlines: dict[int, float] = {}  # id(general worker) -> when its query stops at the latest
        self._long = _LongTexts()
        self._closed = False

    def run(self, request: Request, time_limit_s: float) -> Reply:
        """Evaluate ``request`` on a worker (see the class for which one); QueryTimeout after
        ``time_limit_s``, waiting included; ServerBusy as the class says."""
        deadline = time.monotonic() + time_limit_s
        taken = self._take(request.text, deadline, time_limit_s, wait=True)
        assert taken is not None
        worker, lane = taken
        with self._running(worker, lane, request.text, time_limit_s) as budget:
            return worker.run(request, budget(deadline))

    async def run_async(self, request: Request, time_limit_s: float) -> Reply | None:
        """:meth:`run` on a running worker, awaited on the event loop; None (run it in a thread
        with :meth:`run`) when none is free and started, so starting or waiting for one never
        blocks the loop."""
        deadline = time.monotonic() + time_limit_s
        taken = self._take(request.text, deadline, time_limit_s, wait=False)
        if taken is None:
            return None
        worker, lane = taken
        with self._running(worker, lane, request.text, time_limit_s) as budget:
            return await worker.run_async(request, budget(deadline))

    def _take(self, text: str, deadline: float, time_limit_s: float, *,
              wait: bool) -> tuple[QueryWorker, bool] | None:
        """A worker and whether it is the short lane; None if ``wait`` is False and no started
        worker is free."""
        from graf.errors import QueryTimeout, StoreError

        with self._cond:
            while True:
                if self._closed:
                    raise StoreError("the query workers were stopped (the store changed or closed); retry")
                taken = self._free_worker(text, deadline, wait)
                if taken is not None or not wait:
                    return taken
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise QueryTimeout(time_limit_s)
                self._cond.wait(remaining)

    def _free_worker(self, text: str, deadline: float, wait: bool) -> tuple[QueryWorker, bool] | None:
        """With the lock held: an idle worker (a started one unless ``wait``), else a new one (if ``wait`` and
        the pool has room), else the short lane; None if none is free."""
        idle = [w for w in self._idle if wait or w.running]
        if idle:
            worker = next((w for w in reversed(idle) if not w.nice), idle[-1])  # the first general worker
            self._idle.remove(worker)
            self._deadlines[id(worker)] = deadline
            return worker, False
        if wait and len(self._workers) < self._general:
            worker = QueryWorker(self.path, self.spawner, nice=self._nice if self._workers else 0)
            self._workers.append(worker)
            self._deadlines[id(worker)] = deadline
            return worker, False
        if self._lane is not None and len(self._workers) >= self._general and not self._idle:
            if text in self._long:
                raise self._busy("it is known to run long")
            if not self._lane_busy and (wait or self._lane.running):
                self._lane_busy = True
                return self._lane, True
        return None

    @contextmanager
    def _running(self, worker: QueryWorker, lane: bool, text: str,
                 time_limit_s: float) -> Iterator[Callable[[float], float]]:
        """Run on ``worker``: yields the budget (seconds left, the short lane's at most
        ``short_query_s``); remembers long texts, names the right error, gives the worker back."""
        from graf.errors import QueryTimeout

        started = time.monotonic()
        warm = worker.running  # a worker's start-up does not count as the query's time
        capped = False

        def budget(deadline: float) -> float:
            nonlocal capped
            left = max(0.001, deadline - time.monotonic())
            capped = lane and left > self.short_query_s
            return min(left, self.short_query_s) if lane else left

        try:
            yield budget
        except QueryTimeout:
            with self._cond:
                self._long.add(text)
                if capped:
                    raise self._busy(f"it ran longer than short_query_s ({self.short_query_s:g} s) on the "
                                     "worker kept for short queries") from None
            raise QueryTimeout(time_limit_s) from None  # name the limit the user set
        finally:
            with self._cond:
                if warm and time.monotonic() - started > self.short_query_s:
                    self._long.add(text)
                if lane:
                    self._lane_busy = False
                else:
                    self._deadlines.pop(id(worker), None)
                    if not self._closed:
                        self._idle.append(worker)
                self._cond.notify_all()

    def _busy(self, why: str) -> Exception:
        from graf.errors import ServerBusy

        now = time.monotonic()
        soonest = min(self._deadlines.values(), default=now + 1)
        return ServerBusy(max(1, math.ceil(soonest - now)), why)

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def busy(self) -> int:
        """How many workers are running a query now."""
        with self._cond:
            return len(self._deadlines) + int(self._lane_busy)

    def processes(self) -> list[Any]:
        """The started workers' processes (``poll()``, ``pid``), the short lane's last."""
        workers = [*self._workers, *([self._lane] if self._lane is not None else [])]
        return [w.process for w in workers if w.process is not None]

    def stop(self) -> None:
        """Stop every worker, each after its running query; queries waiting get a StoreError."""
        with self._cond:
            self._closed = True
            workers, self._workers, self._idle = self._workers, [], []
            self._cond.notify_all()
        for worker in [*workers, *([self._lane] if self._lane is not None else [])]:
            worker.stop()


if __name__ == "__main__":  # the worker process: ``python -P workers.py STORE_PATH FD``
    # Requests and replies are pickled as graf.workers.Request/Reply/Output. Here this file runs
    # as __main__ and must not import the graf package (it would load rdflib and more): the names
    # resolve to this module itself.
    import types

    _package = types.ModuleType("graf")
    _package.__path__ = []
    sys.modules.setdefault("graf", _package)
    sys.modules["graf.workers"] = sys.modules[__name__]
    for _type in (Output, Request, Reply):
        _type.__module__ = "graf.workers"
    _serve(Channel(socket.socket(fileno=int(sys.argv[2]))), sys.argv[1])
