// The REST API as the e2e scripts call it: JSON in and out, errors thrown with the server's text.
export function makeApi(server, token) {
  return async function api(method, path, body) {
    const r = await fetch(server + path, {
      method,
      headers: { Authorization: 'Bearer ' + token, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${path}: HTTP ${r.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
}
