-- 0009: the reason a page or file was not indexed as a code (backend/fault),
-- next to its English detail in pages.error, so the UI shows the reason in
-- the user's language. Rows written before this step get the code their
-- English reason implies (the phrases ingest wrote up to schema 7); a
-- reason none of them matches keeps '' and is shown as stored.
ALTER TABLE pages ADD COLUMN reason_code TEXT NOT NULL DEFAULT '';

UPDATE pages SET reason_code = CASE
    WHEN error LIKE '%host not found%'                        THEN 'fetch_dns'
    WHEN error LIKE '%connection refused%'                    THEN 'fetch_refused'
    WHEN error LIKE '%TLS certificate not trusted%'           THEN 'fetch_tls_trust'
    WHEN error LIKE '%speaks plain HTTP%'                     THEN 'fetch_plain_http'
    WHEN error LIKE '%TLS handshake failed%'                  THEN 'fetch_tls_handshake'
    WHEN error LIKE '%timed out after%'                       THEN 'fetch_timeout'
    WHEN error LIKE '%connection reset%'                      THEN 'fetch_reset'
    WHEN error LIKE '%network unreachable%'                   THEN 'fetch_unreachable'
    WHEN error LIKE '%private addresses%'                     THEN 'private_site'
    WHEN error LIKE '%no text layer%'                         THEN 'pdf_no_text'
    WHEN error LIKE '%page limit%' OR error LIKE 'larger than%' THEN 'page_too_large'
    WHEN error LIKE '%is not indexed%'                        THEN 'unsupported_type'
    WHEN error LIKE 'not a text%'                             THEN 'not_text'
    WHEN error LIKE 'redirects outside the allowed prefix%'   THEN 'redirect_outside'
    WHEN error LIKE 'cannot read the file%'                   THEN 'file_unreadable'
    WHEN error LIKE 'HTTP %' OR error LIKE '304 Not Modified%' THEN 'http_status'
    ELSE ''
END
WHERE status != 'ok' AND error != '';
