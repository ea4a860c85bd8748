// A bordered settings block. With an id it is labelled by its heading (and can be linked to);
// without one it carries its title as its label.
export function SettingsSection({ id, title, children }: { id?: string; title: string; children: React.ReactNode }) {
  return (
    <section
      id={id}
      aria-labelledby={id ? `${id}-heading` : undefined}
      aria-label={id ? undefined : title}
      className="rounded-lg border border-zinc-200 p-5 dark:border-zinc-800"
    >
      <h2 id={id ? `${id}-heading` : undefined} className="mb-4 text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}
