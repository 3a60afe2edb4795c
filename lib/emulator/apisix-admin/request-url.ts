/** Splits a request target into the decoded path and the query, as `new URL` would. */

/** Characters `new URL` leaves alone in a path (no `%`, `\`, `?`, `#`, spaces or non-ASCII). */
const PLAIN_PATH = /^\/(?!\/)[\w\-~./]*$/;
/** A `.` or `..` segment, which `new URL` resolves. */
const DOT_SEGMENT = /(^|\/)\.\.?(\/|$)/;

/**
 * The path (percent-decoded where it decodes) and query of `target`. The common admin path
 * (`/apisix/admin/routes/r1`, no query) skips the URL parser; anything else goes through it.
 *
 * @example
 * ```ts
 * splitTarget('/apisix/admin/routes?page=1'); // { path: '/apisix/admin/routes', query: URLSearchParams { page: '1' } }
 * ```
 */
function splitTarget(target: string): { path: string; query: URLSearchParams } {
  if (PLAIN_PATH.test(target) && !DOT_SEGMENT.test(target))
    return { path: target, query: new URLSearchParams() };
  const url = new URL(target, 'http://emulator');
  let path = url.pathname;
  try {
    path = decodeURIComponent(path);
  } catch {
    // nginx keeps an undecodable URI as is.
  }
  return { path, query: url.searchParams };
}

export { splitTarget };
