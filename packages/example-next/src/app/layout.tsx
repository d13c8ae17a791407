import type { ReactNode } from "react";

export const metadata = { title: "userbridge · Next.js example" };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body
        style={{
          font: "16px/1.5 system-ui, sans-serif",
          maxWidth: "42rem",
          margin: "2rem auto",
          padding: "0 1rem",
        }}
      >
        <nav>
          <a href="/">home</a> · <a href="/admin">admin</a> · <a href="/api/me">/api/me</a>
        </nav>
        {children}
      </body>
    </html>
  );
}
