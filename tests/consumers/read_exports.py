"""What citeproc-py, rispy and bibtexparser read from Folio's exports.

Usage: read_exports.py CONSUMER FILE [STYLE]; prints JSON on standard output:
  citeproc STYLE.csl records.json -> {"notes": {id: text}, "bibliography": [text]}
  rispy records.ris               -> [{field: value}] as rispy reads each entry
  bibtexparser records.bib        -> [{field: value}] as bibtexparser reads each entry
"""
import json
import sys


def citeproc(path, style):
    from citeproc import (Citation, CitationItem, CitationStylesBibliography,
                          CitationStylesStyle, formatter)
    from citeproc.source.json import CiteProcJSON

    with open(path, encoding="utf-8") as f:
        items = json.load(f)
    source = CiteProcJSON(items)
    bibliography = CitationStylesBibliography(
        CitationStylesStyle(style, validate=False), source, formatter.plain)
    citations = {}
    for item in items:
        citation = Citation([CitationItem(item["id"])])
        bibliography.register(citation)
        citations[item["id"]] = citation
    notes = {
        key: str(bibliography.cite(citation, lambda item: None))
        for key, citation in citations.items()
    }
    return {
        "notes": notes,
        "bibliography": [str(entry) for entry in bibliography.bibliography()],
    }


def read_ris(path):
    import rispy

    with open(path, encoding="utf-8") as f:
        return rispy.load(f)


def read_bib(path):
    import bibtexparser

    with open(path, encoding="utf-8") as f:
        return bibtexparser.load(f).entries


def main():
    consumer, path = sys.argv[1], sys.argv[2]
    if consumer == "citeproc":
        out = citeproc(path, sys.argv[3])
    elif consumer == "rispy":
        out = read_ris(path)
    elif consumer == "bibtexparser":
        out = read_bib(path)
    else:
        raise SystemExit(f"unknown consumer {consumer}")
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)


main()
