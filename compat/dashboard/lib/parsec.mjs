// Parsec's REST API with the master key, for the test's own checks of what the dashboard did.
export function parsecApi(serverURL, appId, masterKey) {
  async function call(method, path, body) {
    const res = await fetch(serverURL + path, {
      method,
      headers: { 'X-Parse-Application-Id': appId, 'X-Parse-Master-Key': masterKey, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
    if (res.status >= 400) {
      throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
    }
    return json;
  }
  return {
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
    put: (path, body) => call('PUT', path, body),
    del: (path) => call('DELETE', path),
    /** The objects of a class matching where, as the master key reads them. */
    find: async (className, where = {}) =>
      (await call('GET', `/classes/${className}?where=${encodeURIComponent(JSON.stringify(where))}`)).results,
  };
}
