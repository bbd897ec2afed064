"""Response headers and the Content Security Policy; the cross-cutting security tests
(headers on every URL, production settings, logs without client data, XSS in a browser)."""
