import type { ReactNode } from 'react';

/** A page with a heading and a short message: placeholders, "forbidden", "not found". */
export function StatusPage({
  title,
  message,
  children,
}: {
  title: string;
  message: string;
  children?: ReactNode;
}) {
  return (
    <section className="page">
      <h1>{title}</h1>
      <p className="lead">{message}</p>
      {children}
    </section>
  );
}
