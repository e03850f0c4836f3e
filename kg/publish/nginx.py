"""A sample nginx configuration serving a published site with content negotiation."""

from __future__ import annotations

from urllib.parse import urlsplit

SITE_ROOT_PLACEHOLDER = "/srv/xbrl-kg/site"

_TEMPLATE = """\
# nginx configuration for the site `kg publish` wrote (base IRI {base}).
# Include it in the http block (e.g. as /etc/nginx/sites-enabled/xbrl-kg), set `root` to the
# folder that holds the site{root_note}, and add TLS as usual.
#
# Data IRIs follow the 303 convention: {base}report/... is the thing, and asking for it
# answers 303 See Other to its document in the format the Accept header prefers:
# .html (browsers, and */*), .ttl (text/turtle), .jsonld (application/ld+json) or
# .nt (application/n-triples). The documents, dumps, VoID and ontology are plain files.
# The map looks for the media types in this order and ignores q-values (kg serve honours
# them), so a client that accepts Turtle gets Turtle even if it also accepts HTML.

map $http_accept $xbrl_kg_ext {{
    default                        html;
    "~*text/turtle"                ttl;
    "~*application/x-turtle"       ttl;
    "~*application/ld\\+json"       jsonld;
    "~*application/n-triples"      nt;
    "~*application/json"           jsonld;
}}

server {{
    listen 80;
    server_name {host};
    root {root};
    charset utf-8;
    charset_types text/css text/turtle application/ld+json application/n-triples
                  application/sparql-query text/plain;

    types {{
        text/html                html;
        text/css                 css;
        text/turtle              ttl;
        application/ld+json      jsonld;
        application/n-triples    nt;
        application/sparql-query rq;
        application/gzip         gz;
        text/plain               txt;
    }}
    default_type application/octet-stream;

    add_header X-Content-Type-Options nosniff always;
    add_header Access-Control-Allow-Origin * always;
    add_header Content-Security-Policy "{csp}" always;

    location = {path}.well-known/void {{
        return 303 {path}void.ttl;
    }}

    # The site's own dot files (.kg-site) are not for the web.
    location ~ /\\. {{
        return 404;
    }}

    location {path} {{
        index index.html;
        # A resource IRI (no extension) whose documents exist: 303 to the negotiated one.
        if (-f $request_filename.html) {{
            add_header Vary Accept always;
            return 303 $uri.$xbrl_kg_ext;
        }}
        try_files $uri $uri/ =404;
    }}
}}
"""


CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)


def nginx_config(base: str, *, root: str = SITE_ROOT_PLACEHOLDER, listen: str = "80") -> str:
    """The sample configuration for a site published under ``base``.

    ``root`` is the folder that holds the site when the base has no path, else the folder
    under which the base's path leads to the site."""
    parts = urlsplit(base)
    path = parts.path or "/"
    root_note = "" if path == "/" else f" so that {{root}}{path} is the site folder"
    text = _TEMPLATE.format(
        base=base,
        host=parts.hostname or "_",
        root=root,
        path=path,
        root_note=root_note,
        csp=CSP,
    )
    return text.replace("listen 80;", f"listen {listen};")
