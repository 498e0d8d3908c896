"""Frames rendered templates the way Helm hands them to a post-renderer, so the binary can
be tested on Helm's real output without a helm binary.

Helm 3 (pkg/action/action.go renderResources): each non-hook manifest as
`---\\n# Source: <path>\\n<content>\\n`, hooks left out. Helm 4 (annotateAndMerge): files
sorted by name, each document re-serialised with the annotation
postrenderer.helm.sh/postrender-filename, hooks included."""

import yaml

FILENAME = "postrenderer.helm.sh/postrender-filename"


def templates(rendered: dict) -> list:
    """(path, content) for manifest templates: no NOTES.txt, no partials, no empty files."""
    out = []
    for path, content in sorted(rendered.items()):
        name = path.rsplit("/", 1)[-1]
        if name.endswith(".txt") or name.startswith("_") or not content.strip():
            continue
        out.append((path, content))
    return out


def is_hook(content: str) -> bool:
    doc = yaml.safe_load(content) or {}
    return "helm.sh/hook" in ((doc.get("metadata") or {}).get("annotations") or {})


def helm3(files: list) -> str:
    return "".join(f"---\n# Source: {p}\n{c.rstrip()}\n" for p, c in files if not is_hook(c))


def helm4(files: list) -> str:
    docs = []
    for path, content in files:
        for doc in yaml.safe_load_all(content):
            if not doc:
                continue
            doc.setdefault("metadata", {}).setdefault("annotations", {})[FILENAME] = path
            docs.append(yaml.safe_dump(doc, sort_keys=False))
    return "---\n" + "---\n".join(docs)
