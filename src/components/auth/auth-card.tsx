import Link from "next/link";
import type { ReactNode } from "react";
import { describedBy, FieldError } from "~/components/ui/field-error";

export function AuthCard({ title, children, footer }: { title: string; children: ReactNode; footer?: ReactNode }) {
  return (
    <main className="flex min-h-screen items-start justify-center px-4 py-16 sm:py-24">
      <div className="w-full max-w-sm">
        <Link href="/" className="mb-8 block text-center text-lg font-semibold">
          Taskmanager
        </Link>
        <div className="rounded-lg border border-zinc-200 p-6 shadow-xs dark:border-zinc-800">
          <h1 className="mb-5 text-xl font-semibold">{title}</h1>
          {children}
        </div>
        {footer ? <div className="mt-4 text-center text-sm text-zinc-600 dark:text-zinc-400">{footer}</div> : null}
      </div>
    </main>
  );
}

export function Field({
  id,
  label,
  error,
  ...input
}: React.InputHTMLAttributes<HTMLInputElement> & { id: string; label: string; error?: string | null }) {
  return (
    <div className="mb-4">
      <label htmlFor={id} className="mb-1 block text-sm font-medium">
        {label}
      </label>
      <input
        id={id}
        name={id}
        {...describedBy(`${id}-error`, error)}
        className="block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm focus:border-indigo-500 focus:ring-1 focus:ring-indigo-500 focus:outline-none dark:border-zinc-700 dark:bg-zinc-900"
        {...input}
      />
      <FieldError id={`${id}-error`} message={error} spaced alert={false} />
    </div>
  );
}

type FieldProps = Omit<React.ComponentProps<typeof Field>, "id" | "label"> & { label?: string };

export function EmailField(props: FieldProps) {
  return <Field id="email" label="Email" type="email" autoComplete="email" required maxLength={254} {...props} />;
}

// A password being chosen: the server's length rules, offered to password managers as new.
export function NewPasswordField(props: FieldProps) {
  return (
    <Field
      id="password"
      label="Password"
      type="password"
      autoComplete="new-password"
      required
      minLength={8}
      maxLength={128}
      {...props}
    />
  );
}

export function FormMessage({ kind, children }: { kind: "error" | "success"; children: ReactNode }) {
  return (
    <p
      role={kind === "error" ? "alert" : "status"}
      className={`mb-4 rounded-md px-3 py-2 text-sm ${kind === "error" ? "bg-rose-50 text-rose-800 dark:bg-rose-950 dark:text-rose-200" : "bg-emerald-50 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200"}`}
    >
      {children}
    </p>
  );
}

export const submitClass =
  "w-full rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-60";
