"""PDFs rendered offline: WeasyPrint with a fetcher that never touches the network.

Every PDF of the product (event reports, consultant statements, later exports) renders through
`render_pdf`, so the rule "only `data:` URLs and files under the caller's template folder" lives
in one place.
"""

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit


def local_only_fetcher(root: Path) -> Any:
    """A WeasyPrint URL fetcher serving `data:` URLs and files under `root`; nothing else."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse  # WeasyPrint loads slowly

    root = root.resolve()

    class LocalOnlyFetcher(URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols=("data", "file"))

        def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
            parts = urlsplit(url)
            scheme = parts.scheme.lower()
            if scheme == "file":
                path = Path(unquote(parts.path)).resolve()
                if not path.is_relative_to(root):
                    raise ValueError(f"refused: {url} is outside {root}")
            elif scheme != "data":
                raise ValueError(f"refused: a PDF fetches nothing over the network ({url})")
            return super().fetch(url, headers)

    return LocalOnlyFetcher()


def render_pdf(html: str, *, root: Path) -> bytes:
    """HTML (with its CSS inlined or under `root`) as PDF bytes, fetching nothing remote."""
    from weasyprint import HTML

    document = HTML(
        string=html, base_url=root.resolve().as_uri() + "/", url_fetcher=local_only_fetcher(root)
    )
    return document.write_pdf()
