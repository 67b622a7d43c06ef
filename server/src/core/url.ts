/**
 * Whether `url` is an absolute https: URL: the only kind of address a kind's definition (a
 * repository's data) may make the editor open, so that it cannot open a file, a script or an
 * application handler. The engine checks it where a kind is compiled, the client again before opening.
 */
export function isHttpsUrl(url: string): boolean {
  return URL.canParse(url) && new URL(url).protocol === 'https:';
}
