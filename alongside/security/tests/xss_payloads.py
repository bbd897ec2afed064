"""Cross-site scripting payloads: each one, if it ever ran, logs "XSS-MARKER" to the console,
sets `window.__xss`, or opens a dialog. None contains a null character (the services refuse
it) or leading or trailing blanks (they trim them)."""

from __future__ import annotations

MARKER = "XSS-MARKER"
LOG = "console.log('XSS-MARKER')"
SET = "window.__xss=1"
ZERO_WIDTH = "\u200b"
RIGHT_TO_LEFT = "\u202e"

PAYLOADS: list[str] = [
    # Script elements, plain and disguised.
    f"<script>{LOG}</script>",
    f"<script>{SET}</script>",
    f"<ScRiPt>{SET}</sCrIpT>",
    f"<scr<script>ipt>{SET}</scr</script>ipt>",
    f"<SCRIPT SRC=data:,{LOG}></SCRIPT>",
    f"<script>alert('{MARKER}')</script>",
    f"<svg><script>{SET}</script></svg>",
    # Event handlers.
    f"<img src=x onerror={LOG}>",
    f'<img src=x onerror="{SET}">',
    f"<img src=x oNeRrOr={SET}>",
    f"<img src=x onerror=alert('{MARKER}')>",
    '<img src="x" onerror="&#x77;indow.__xss=1">',
    f"<img src=x onerror=eval('{SET}')>",
    f"<svg onload={LOG}>",
    f"<svg/onload={SET}>",
    f"<body onload={LOG}>",
    f"<details open ontoggle={LOG}>",
    f"<input autofocus onfocus={LOG}>",
    f"<video><source onerror={LOG}></video>",
    f"<audio src=x onerror={SET}>",
    f"<marquee onstart={SET}>",
    f"<x contenteditable autofocus onfocus={SET}>",
    f"<svg><animate onbegin={SET} attributeName=x dur=1s>",
    # javascript: and data: URLs.
    f'<a href="javascript:{LOG}">open</a>',
    f'<a href="jav&#x09;ascript:{SET}">tab</a>',
    f'<a href="java{ZERO_WIDTH}script:{SET}">zero width</a>',
    f'<iframe src="javascript:{LOG}">',
    '<iframe srcdoc="<script>parent.__xss=1</script>">',
    f'<object data="javascript:{LOG}"></object>',
    f'<embed src="javascript:{SET}">',
    f'<svg><a xlink:href="javascript:{SET}"><text>x</text></a></svg>',
    f'<form action="javascript:{SET}"><button>go</button></form>',
    f'<base href="javascript:{SET}//">',
    f'<meta http-equiv="refresh" content="0;url=javascript:{SET}">',
    f"javascript:{SET}",
    f"data:text/html,<script>{SET}</script>",
    # Breaking out of attributes, text areas, titles and scripts.
    f'"><script>{LOG}</script>',
    f"'><img src=x onerror={SET}>",
    f'" onmouseover="{SET}" x="',
    f"' autofocus onfocus='{SET}",
    f"</textarea><script>{SET}</script>",
    f"</title><script>{SET}</script>",
    f"</script><script>{LOG}</script>",
    f"';{LOG};//",
    f'";{SET};//',
    f'<!--<img src="--><img src=x onerror={SET}>-->',
    f'<noscript><p title="</noscript><img src=x onerror={SET}>">',
    f"<math><mtext><table><mglyph><style><img src=x onerror={SET}>",
    # Template injection: Django, client-side engines, JavaScript template literals.
    f"{{{{ {LOG} }}}}",
    f"{{{{constructor.constructor('{SET}')()}}}}",
    f"{{% autoescape off %}}<script>{SET}</script>{{% endautoescape %}}",
    f"${{{LOG}}}",
    # htmx attributes (eval is off, but they must not become markup in the first place).
    f'<button hx-on:click="{LOG}">tap</button>',
    f'<div hx-get="/" hx-trigger="load" hx-on::after-request="{SET}">x</div>',
    f'<div hx-vals=\'js:{{a:{SET}}}\' hx-post="/" hx-trigger="load">x</div>',
    f'<div data-hx-on:click="{SET}">x</div>',
    # CSS.
    f"<style>@import 'javascript:{SET}';</style>",
    f'<div style="background:url(javascript:{SET})">x</div>',
    f'<div style="width:expression({SET})">x</div>',
    f'<link rel=stylesheet href="javascript:{SET}">',
    # Encodings and Unicode tricks.
    f"\uff1cscript\uff1e{SET}\uff1c/script\uff1e",
    f"\\u003cscript\\u003e{SET}\\u003c/script\\u003e",
    f"&lt;script&gt;{SET}&lt;/script&gt;",
    f"&#60;img src=x onerror={SET}&#62;",
    f"%3Cscript%3E{SET}%3C%2Fscript%3E",
    f"{RIGHT_TO_LEFT}<script>{SET}</script>",
]
