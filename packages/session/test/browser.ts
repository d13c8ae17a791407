// A minimal cookie-keeping client for fetch-style carriers in unit tests.
export class TestBrowser {
  readonly cookies = new Map<string, string>();
  /** Every Set-Cookie header received, in order. */
  readonly setCookies: string[] = [];
  readonly origin: string;

  constructor(readonly base = "http://localhost:3001") {
    this.origin = new URL(base).origin;
  }

  /** A request to `path` carrying this browser's cookies, plus the headers the handler writes to. */
  request(path = "/", headers: Record<string, string> = {}): [Request, Headers] {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    return [
      new Request(new URL(path, this.base), { headers: { ...(cookie && { cookie }), ...headers } }),
      new Headers(),
    ];
  }

  /** Like a browser, keeps or deletes cookies from the response headers. */
  receive(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      this.setCookies.push(line);
      const [pair] = line.split(";");
      const index = (pair ?? "").indexOf("=");
      const name = (pair ?? "").slice(0, index);
      const value = (pair ?? "").slice(index + 1);
      if (/Max-Age=0/i.test(line) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}
