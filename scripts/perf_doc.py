"""Writes a block of figures into docs/PERFORMANCE.md between a pair of markers, leaving the rest as it is."""
import pathlib

DOC = pathlib.Path(__file__).resolve().parent.parent / "docs" / "PERFORMANCE.md"


def write_block(begin, end, body_lines):
    block = "\n".join([begin, *body_lines, end])
    text = DOC.read_text() if DOC.exists() else f"# Performance\n\n{begin}\n{end}\n"
    if begin not in text:
        text += f"\n{begin}\n{end}\n"
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    DOC.write_text(head + block + tail)
    return block
