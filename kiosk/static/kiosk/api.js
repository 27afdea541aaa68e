// Talking to the server honestly: a result is either what the server recorded, or a failure.
const TIMEOUT_MS = 8000;

// A random key per tap (crypto.randomUUID needs https; the building's LAN may be plain http).
export function newKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

async function once(url, options) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    const response = await fetch(url, { ...options, signal: controller.signal });
    const data = await response.json().catch(() => null);
    return { ok: response.ok, status: response.status, data };
  } catch {
    return { ok: false, status: 0, data: null }; // network down, server gone or timed out
  } finally {
    clearTimeout(timer);
  }
}

// POST JSON; with a key, a lost answer is retried once and the server returns the same ticket.
export async function postJSON(url, body, key = null) {
  const headers = { "Content-Type": "application/json", Accept: "application/json" };
  if (key) headers["Idempotency-Key"] = key;
  const options = { method: "POST", headers, body: JSON.stringify(body) };
  let result = await once(url, options);
  if (key && (result.status === 0 || result.status >= 502)) {
    await new Promise((resolve) => setTimeout(resolve, 800));
    result = await once(url, options);
  }
  return result;
}

export function getJSON(url) {
  return once(url, { headers: { Accept: "application/json" } });
}
