"""The Mozilla HTTP Observatory's scoring, applied to a Django test response.

Source of the table and the rules: the MDN HTTP Observatory (mdn/mdn-http-observatory,
``src/grader/charts.js``: ``SCORE_TABLE``, ``GRADE_CHART`` and
``MINIMUM_SCORE_FOR_EXTRA_CREDIT``), published as "Tests and scoring" at
https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring, the successor of
mozilla/http-observatory's ``httpobs/docs/scoring.md``. Every site starts at 100; penalties
apply always, bonuses only when the score without them is at least 90; 100 or more is A+.

The checks below read what a response carries (headers, cookies, the HTML's script tags); the
Observatory's checks of the network (TLS certificates, the HSTS preload list) are left out, and
no bonus is claimed for them.
"""

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from http.cookies import Morsel
from urllib.parse import urlsplit

BASELINE = 100
MINIMUM_SCORE_FOR_EXTRA_CREDIT = 90

SCORE_TABLE = {
    # Content Security Policy
    "csp-implemented-with-no-unsafe-default-src-none": 10,
    "csp-implemented-with-no-unsafe": 5,
    "csp-implemented-with-unsafe-inline-in-style-src-only": 0,
    "csp-implemented-but-duplicate-directives": 0,
    "csp-implemented-with-insecure-scheme-in-passive-content-only": -10,
    "csp-implemented-with-unsafe-eval": -10,
    "csp-implemented-with-unsafe-inline": -20,
    "csp-implemented-with-insecure-scheme": -20,
    "csp-header-invalid": -25,
    "csp-not-implemented": -25,
    "csp-not-implemented-but-reporting-enabled": -25,
    # Cookies
    "cookies-secure-with-httponly-sessions-and-samesite": 5,
    "cookies-secure-with-httponly-sessions": 0,
    "cookies-not-found": 0,
    "cookies-without-secure-flag-but-protected-by-hsts": -5,
    "cookies-session-without-secure-flag-but-protected-by-hsts": -10,
    "cookies-without-secure-flag": -20,
    "cookies-samesite-flag-invalid": -20,
    "cookies-anticsrf-without-samesite-flag": -20,
    "cookies-session-without-httponly-flag": -30,
    "cookies-session-without-secure-flag": -40,
    # Cross-origin resource sharing
    "cross-origin-resource-sharing-not-implemented": 0,
    "cross-origin-resource-sharing-implemented-with-public-access": 0,
    "cross-origin-resource-sharing-implemented-with-restricted-access": 0,
    "cross-origin-resource-sharing-implemented-with-universal-access": -50,
    # Redirection
    "redirection-all-redirects-preloaded": 0,
    "redirection-to-https": 0,
    "redirection-not-needed-no-http": 0,
    "redirection-off-host-from-http": -5,
    "redirection-not-to-https-on-initial-redirection": -10,
    "redirection-not-to-https": -20,
    "redirection-missing": -20,
    "redirection-invalid-cert": -20,
    # Referrer-Policy
    "referrer-policy-private": 5,
    "referrer-policy-not-implemented": 0,
    "referrer-policy-unsafe": -5,
    "referrer-policy-header-invalid": -5,
    # Strict-Transport-Security
    "hsts-preloaded": 5,
    "hsts-implemented-max-age-at-least-six-months": 0,
    "hsts-implemented-max-age-less-than-six-months": -10,
    "hsts-not-implemented": -20,
    "hsts-header-invalid": -20,
    "hsts-not-implemented-no-https": -20,
    "hsts-invalid-cert": -20,
    # Subresource Integrity
    "sri-implemented-and-all-scripts-loaded-securely": 5,
    "sri-implemented-and-external-scripts-loaded-securely": 5,
    "sri-not-implemented-response-not-html": 0,
    "sri-not-implemented-but-no-scripts-loaded": 0,
    "sri-not-implemented-but-all-scripts-loaded-from-secure-origin": 0,
    "sri-not-implemented-but-external-scripts-loaded-securely": -5,
    "sri-implemented-but-external-scripts-not-loaded-securely": -20,
    "sri-not-implemented-and-external-scripts-not-loaded-securely": -50,
    # X-Content-Type-Options
    "x-content-type-options-nosniff": 0,
    "x-content-type-options-not-implemented": -5,
    "x-content-type-options-header-invalid": -5,
    # X-Frame-Options
    "x-frame-options-implemented-via-csp": 5,
    "x-frame-options-sameorigin-or-deny": 0,
    "x-frame-options-allow-from-origin": 0,
    "x-frame-options-not-implemented": -20,
    "x-frame-options-header-invalid": -20,
    # Cross-Origin-Resource-Policy
    "cross-origin-resource-policy-implemented-with-same-origin": 10,
    "cross-origin-resource-policy-implemented-with-same-site": 10,
    "cross-origin-resource-policy-implemented-with-cross-origin": 0,
    "cross-origin-resource-policy-not-implemented": 0,
    "cross-origin-resource-policy-header-invalid": -5,
    # Generic
    "html-not-parseable": -20,
}

GRADE_CHART = {
    100: "A+",
    95: "A",
    90: "A",
    85: "A-",
    80: "B+",
    75: "B",
    70: "B",
    65: "B-",
    60: "C+",
    55: "C",
    50: "C",
    45: "C-",
    40: "D+",
    35: "D",
    30: "D",
    25: "D-",
    20: "F",
    15: "F",
    10: "F",
    5: "F",
    0: "F",
}

SIX_MONTHS = 15768000
BROAD_SOURCES = {"*", "http:", "https:", "data:"}
UNSAFE_SCRIPT = {"'unsafe-inline'", "data:"}


@dataclass
class Report:
    results: dict  # test name -> expectation met
    score: int
    grade: str

    @property
    def penalties(self):
        return {test: r for test, r in self.results.items() if SCORE_TABLE[r] < 0}


def grade_for(score):
    score = max(score, 0)
    return score, GRADE_CHART[min(score - score % 5, 100)]


def score_results(results):
    modifiers = [SCORE_TABLE[result] for result in results.values()]
    score = BASELINE + sum(m for m in modifiers if m < 0)
    if score >= MINIMUM_SCORE_FOR_EXTRA_CREDIT:
        score += sum(m for m in modifiers if m > 0)
    return grade_for(score)


def parse_csp(value):
    """Directive -> list of lower-cased sources, or None when a directive repeats."""
    policy = {}
    for part in value.split(";"):
        tokens = part.strip().lower().split()
        if not tokens:
            continue
        if tokens[0] in policy:
            return None
        policy[tokens[0]] = tokens[1:]
    return policy


def csp_result(headers):
    value = headers.get("Content-Security-Policy")
    if not value:
        if headers.get("Content-Security-Policy-Report-Only"):
            return "csp-not-implemented-but-reporting-enabled"
        return "csp-not-implemented"
    policy = parse_csp(value)
    if policy is None:
        return "csp-implemented-but-duplicate-directives"
    default = policy.get("default-src")

    def effective(directive):
        return set(policy.get(directive, default) or [])

    script, style, obj = effective("script-src"), effective("style-src"), effective("object-src")
    if any(s == "http:" or s.startswith("http://") for s in script | style | obj):
        return "csp-implemented-with-insecure-scheme"
    unrestricted = "script-src" not in policy and default is None
    unrestricted |= "object-src" not in policy and default is None
    if unrestricted or script & (UNSAFE_SCRIPT | BROAD_SOURCES) or obj & BROAD_SOURCES:
        return "csp-implemented-with-unsafe-inline"
    if "'unsafe-eval'" in script:
        return "csp-implemented-with-unsafe-eval"
    passive = effective("img-src") | effective("media-src")
    if any(s == "http:" or s.startswith("http://") for s in passive):
        return "csp-implemented-with-insecure-scheme-in-passive-content-only"
    if style & ({"'unsafe-inline'"} | BROAD_SOURCES):
        return "csp-implemented-with-unsafe-inline-in-style-src-only"
    if default == ["'none'"] and policy.get("form-action"):
        return "csp-implemented-with-no-unsafe-default-src-none"
    return "csp-implemented-with-no-unsafe"


def hsts_max_age(headers):
    value = headers.get("Strict-Transport-Security")
    if value is None:
        return None
    match = re.search(r"max-age=\"?(\d+)\"?", value, re.IGNORECASE)
    return int(match.group(1)) if match else -1


def hsts_result(headers):
    max_age = hsts_max_age(headers)
    if max_age is None:
        return "hsts-not-implemented"
    if max_age < 0:
        return "hsts-header-invalid"
    if max_age >= SIX_MONTHS:
        return "hsts-implemented-max-age-at-least-six-months"
    return "hsts-implemented-max-age-less-than-six-months"


def is_session_cookie(name):
    return bool(re.search("login|sess", name, re.IGNORECASE))


def cookies_result(cookies, headers):
    """``cookies``: the response's ``SimpleCookie`` (name -> Morsel)."""
    morsels = [m for m in cookies.values() if isinstance(m, Morsel) and m.value != ""]
    if not morsels:
        return "cookies-not-found"
    hsts = (hsts_max_age(headers) or 0) >= SIX_MONTHS
    found = []
    for morsel in morsels:
        session = is_session_cookie(morsel.key)
        samesite = str(morsel["samesite"]).lower()
        if samesite and samesite not in {"strict", "lax"}:
            found.append("cookies-samesite-flag-invalid")
        if "csrf" in morsel.key.lower() and not samesite:
            found.append("cookies-anticsrf-without-samesite-flag")
        if not morsel["secure"]:
            if session:
                found.append(
                    "cookies-session-without-secure-flag-but-protected-by-hsts"
                    if hsts
                    else "cookies-session-without-secure-flag"
                )
            else:
                found.append(
                    "cookies-without-secure-flag-but-protected-by-hsts"
                    if hsts
                    else "cookies-without-secure-flag"
                )
        if session and not morsel["httponly"]:
            found.append("cookies-session-without-httponly-flag")
    if found:
        return min(found, key=SCORE_TABLE.get)
    if all(str(m["samesite"]).lower() in {"strict", "lax"} for m in morsels):
        return "cookies-secure-with-httponly-sessions-and-samesite"
    return "cookies-secure-with-httponly-sessions"


def cors_result(headers):
    origin = headers.get("Access-Control-Allow-Origin")
    if origin is None:
        return "cross-origin-resource-sharing-not-implemented"
    if origin.strip() == "*":
        return "cross-origin-resource-sharing-implemented-with-public-access"
    if headers.get("Access-Control-Allow-Credentials", "").lower() == "true":
        return "cross-origin-resource-sharing-implemented-with-universal-access"
    return "cross-origin-resource-sharing-implemented-with-restricted-access"


def redirection_result(http_response, host):
    if http_response.status_code not in {301, 302, 303, 307, 308}:
        return "redirection-missing"
    location = urlsplit(http_response["Location"])
    if location.scheme != "https":
        return "redirection-not-to-https"
    if location.hostname != host:
        return "redirection-off-host-from-http"
    return "redirection-to-https"


PRIVATE_REFERRER = {
    "no-referrer",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
}
UNSAFE_REFERRER = {"origin", "origin-when-cross-origin", "unsafe-url", "no-referrer-when-downgrade"}


def referrer_result(headers):
    value = headers.get("Referrer-Policy")
    if value is None:
        return "referrer-policy-not-implemented"
    valid = PRIVATE_REFERRER | UNSAFE_REFERRER
    tokens = [t.strip().lower() for t in value.split(",") if t.strip().lower() in valid]
    if not tokens:
        return "referrer-policy-header-invalid"
    if tokens[-1] in PRIVATE_REFERRER:
        return "referrer-policy-private"
    return "referrer-policy-unsafe"


class ScriptFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts.append(dict(attrs))


def sri_result(response, host):
    if "html" not in response.get("Content-Type", ""):
        return "sri-not-implemented-response-not-html"
    finder = ScriptFinder()
    finder.feed(response.content.decode())
    sources = [s for s in finder.scripts if s.get("src")]
    if not sources:
        return "sri-not-implemented-but-no-scripts-loaded"
    external = [s for s in sources if urlsplit(s["src"]).netloc not in {"", host}]
    insecure = [s for s in external if not s["src"].startswith("https://")]
    with_sri = all(s.get("integrity") for s in external or sources)
    if insecure:
        return (
            "sri-implemented-but-external-scripts-not-loaded-securely"
            if with_sri
            else "sri-not-implemented-and-external-scripts-not-loaded-securely"
        )
    if external:
        return (
            "sri-implemented-and-external-scripts-loaded-securely"
            if with_sri
            else "sri-not-implemented-but-external-scripts-loaded-securely"
        )
    if with_sri:
        return "sri-implemented-and-all-scripts-loaded-securely"
    return "sri-not-implemented-but-all-scripts-loaded-from-secure-origin"


def x_content_type_options_result(headers):
    value = headers.get("X-Content-Type-Options")
    if value is None:
        return "x-content-type-options-not-implemented"
    if value.strip().lower() == "nosniff":
        return "x-content-type-options-nosniff"
    return "x-content-type-options-header-invalid"


def x_frame_options_result(headers):
    policy = parse_csp(headers.get("Content-Security-Policy", "")) or {}
    if policy.get("frame-ancestors"):
        return "x-frame-options-implemented-via-csp"
    value = headers.get("X-Frame-Options")
    if value is None:
        return "x-frame-options-not-implemented"
    value = value.strip().lower()
    if value in {"deny", "sameorigin"}:
        return "x-frame-options-sameorigin-or-deny"
    if value.startswith("allow-from "):
        return "x-frame-options-allow-from-origin"
    return "x-frame-options-header-invalid"


def corp_result(headers):
    value = headers.get("Cross-Origin-Resource-Policy")
    if value is None:
        return "cross-origin-resource-policy-not-implemented"
    value = value.strip().lower()
    if value in {"same-origin", "same-site", "cross-origin"}:
        return f"cross-origin-resource-policy-implemented-with-{value}"
    return "cross-origin-resource-policy-header-invalid"


def observe(response, *, http_response, host="testserver"):
    """The Observatory's report for ``response`` (fetched over HTTPS) and ``http_response``
    (the same URL fetched over plain HTTP)."""
    headers = response.headers
    results = {
        "content-security-policy": csp_result(headers),
        "cookies": cookies_result(response.cookies, headers),
        "cross-origin-resource-sharing": cors_result(headers),
        "redirection": redirection_result(http_response, host),
        "referrer-policy": referrer_result(headers),
        "strict-transport-security": hsts_result(headers),
        "subresource-integrity": sri_result(response, host),
        "x-content-type-options": x_content_type_options_result(headers),
        "x-frame-options": x_frame_options_result(headers),
        "cross-origin-resource-policy": corp_result(headers),
    }
    score, grade = score_results(results)
    return Report(results=results, score=score, grade=grade)
