# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Streaming a large file from the database into an attachment, in flat memory: rows come
from a server-side cursor in batches, the file is written to a temporary file beside the
filestore, and that file becomes the attachment's content without being read whole."""

import hashlib
import os
import tempfile
from contextlib import contextmanager

from odoo.tools import SQL

from .formats import BATCH_SIZE


@contextmanager
def _streaming(env):
    """The current transaction set for reading a whole result with named cursors: no JIT
    and plans costed for every row (a cursor is planned for its first rows and
    JIT-compiled on wrong estimates, the analytic split estimated at 100 rows a line;
    both cost more than they save). Yields the raw connection."""
    env.flush_all()
    cr = env.cr
    cr.execute(
        "SELECT current_setting('jit'), current_setting('cursor_tuple_fraction'), "
        "set_config('jit', 'off', true), set_config('cursor_tuple_fraction', '1', true)"
    )
    jit, fraction = cr.fetchone()[:2]
    try:
        yield getattr(cr, "_cnx", None) or cr._cursor._cnx
    finally:
        cr.execute(
            "SELECT set_config('jit', %s, true), set_config('cursor_tuple_fraction', %s, true)",
            [jit, fraction],
        )


def stream_batches(env, query, name):
    """The rows of ``query``, in batches of BATCH_SIZE, from a named (server-side) cursor.

    A sorted query returns its first row only once PostgreSQL has sorted them all, so a
    thread fetching ahead, or the query split by month, gains nothing measurable here
    (``benchmarks/bench_fec.py``): the rows are read in the caller's thread."""
    with _streaming(env) as connection:
        cursor = connection.cursor(name=name)
        cursor.itersize = BATCH_SIZE
        try:
            cursor.execute(query.code, query.params)
            while rows := cursor.fetchmany(BATCH_SIZE):
                yield rows
        finally:
            cursor.close()


def copy_lines(env, query, consume, chunk_size=1 << 20):
    """Stream the text rows of ``query`` (one text column) with PostgreSQL's ``COPY ...
    TO STDOUT``: they come as PostgreSQL writes them, a chunk at a time, and ``consume``
    receives each run of complete lines joined by CRLF with their count. COPY is the
    fastest way out of the database (and may sort in parallel, which a cursor may not).

    The CSV format is asked with a delimiter and a quote character no line holds (the
    query removes them, see ``without_copy_marks``): a row is then written as it is, one
    per line. A line
    that still held a line break would come out as two: the FEC checker then names it."""
    copy = SQL(
        "COPY (%s) TO STDOUT WITH (FORMAT csv, DELIMITER %s, QUOTE %s)",
        query,
        COPY_DELIMITER,
        COPY_QUOTE,
    )
    with _streaming(env):
        raw = env.cr._obj
        raw.copy_expert(raw.mogrify(copy.code, copy.params).decode(), _Lines(consume), chunk_size)


COPY_DELIMITER, COPY_QUOTE = "\x1f", "\x1e"


def without_copy_marks(expression):
    """SQL: the text without the two control characters ``copy_lines`` uses."""
    return SQL("translate(%s, %s, '')", expression, COPY_DELIMITER + COPY_QUOTE)


class _Lines:
    """A file-like target for ``copy_expert``: hands complete lines on, keeps the rest."""

    def __init__(self, consume):
        self.consume = consume
        self.rest = ""

    def write(self, data):  # pylint: disable=method-required-super
        if isinstance(data, bytes):
            data = data.decode()
        text = self.rest + data
        cut = text.rfind("\n")
        if cut < 0:
            self.rest = text
            return
        block, self.rest = text[:cut], text[cut + 1 :]
        self.consume(block.replace("\n", "\r\n"), block.count("\n") + 1)


def stream_rows(env, query, name):
    """The rows of ``query``, one at a time."""
    for rows in stream_batches(env, query, name):
        yield from rows


@contextmanager
def temporary_file(env):
    """A temporary file beside the filestore, so that it can be moved into it."""
    Attachment = env["ir.attachment"]
    directory = Attachment._full_path("") if Attachment._storage() == "file" else None
    if directory:
        os.makedirs(directory, exist_ok=True)
    handle, path = tempfile.mkstemp(prefix=".coop_export_", dir=directory)
    os.close(handle)
    try:
        yield path
    finally:
        if os.path.exists(path):
            os.unlink(path)


def attach_file(env, path, values):
    """An attachment (``values``: name, mimetype, res_model, res_id) whose content is the
    file at ``path``, moved into the filestore without being read into memory.

    Odoo's ``ir.attachment`` takes content only as bytes (``raw``/``datas``), which would
    load a FEC of a million lines whole and index it. So the file is hashed in chunks,
    moved to the place the filestore gives that hash, and the one low-level write below
    records it: the same three columns ``ir.attachment._get_datas_related_values()``
    would set. With the database storage, ``raw`` is the only way and is used."""
    Attachment = env["ir.attachment"]
    values = dict(values, type="binary")
    if Attachment._storage() != "file":
        with open(path, "rb") as stream:
            return Attachment.create(dict(values, raw=stream.read()))
    sha1 = hashlib.sha1()
    size = 0
    with open(path, "rb") as stream:
        while chunk := stream.read(1 << 20):
            sha1.update(chunk)
            size += len(chunk)
    attachment = Attachment.create(values)
    checksum = sha1.hexdigest()
    fname = f"{checksum[:2]}/{checksum}"
    full_path = Attachment._full_path(fname)
    os.makedirs(os.path.dirname(full_path), exist_ok=True)
    if not os.path.exists(full_path):
        os.replace(path, full_path)
        Attachment._mark_for_gc(fname)
    env.cr.execute(
        SQL(
            "UPDATE ir_attachment SET store_fname = %s, file_size = %s, checksum = %s "
            "WHERE id = %s",
            fname,
            size,
            checksum,
            attachment.id,
        )
    )
    attachment.invalidate_recordset(["store_fname", "file_size", "checksum"])
    return attachment
