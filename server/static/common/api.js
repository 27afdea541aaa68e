// The JSON API: one error shape ({"error": {code, message, details}}) turned into an ApiError.
// A network failure, a timeout or a server that is gone is an ApiError with status 0.
const TIMEOUT_MS = 8000;
const RETRY_DELAY_MS = 800;

export class ApiError extends Error {
  constructor(status, body) {
    const error = (body && body.error) || {};
    super(error.message || (status ? `HTTP ${status}` : "network unreachable"));
    this.status = status;
    this.code = error.code || (status ? "error" : "network");
    this.details = error.details || {};
  }
}

// A random key per tap (crypto.randomUUID needs https; the building's LAN may be plain http).
export function newKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

// A page served under /s/<site>/ (or a proxy's prefix) says so in <meta name="accueil-root">:
// its API requests go under the same root, so they are that site's too.
export const root = document.querySelector('meta[name="accueil-root"]')?.content || "";
export const rooted = (path) => (path.startsWith("/") && !path.startsWith(`${root}/`) ? `${root}${path}` : path);
const url = (path) => (path.startsWith("http") ? path : rooted(path.startsWith("/api/") ? path : `/api/v1${path}`));

async function once(path, options) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  let response;
  try {
    response = await fetch(url(path), { ...options, credentials: "same-origin", signal: controller.signal });
  } catch {
    throw new ApiError(0, null);
  } finally {
    clearTimeout(timer);
  }
  if (response.status === 204) return null;
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

// request("POST", "/tickets", body, { key }): with an idempotency key, a lost answer is retried
// once and the server answers with what it already recorded (the same ticket, never two).
export async function request(method, path, body, { key = null } = {}) {
  const options = { method, headers: { Accept: "application/json" } };
  if (body !== undefined) {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  if (key) options.headers["Idempotency-Key"] = key;
  try {
    return await once(path, options);
  } catch (error) {
    if (!key || !(error.status === 0 || error.status >= 502)) throw error;
    await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
    return once(path, options);
  }
}

export const get = (path) => request("GET", path);
export const post = (path, body = {}, options = {}) => request("POST", path, body, options);
