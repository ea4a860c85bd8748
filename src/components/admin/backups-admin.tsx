"use client";

import Link from "next/link";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "~/components/ui/button";
import { describeError } from "~/lib/errors";
import { api, type RouterOutputs } from "~/trpc/react";

type Backup = RouterOutputs["backup"]["list"]["backups"][number];
type Verification = { ok: boolean; message: string } | "pending";

const STATUS: Record<Backup["status"], { label: string; className: string }> = {
  complete: { label: "Complete", className: "text-emerald-700 dark:text-emerald-400" },
  missing: { label: "Dump missing", className: "text-rose-700 dark:text-rose-400" },
  "size-mismatch": { label: "Size differs from manifest", className: "text-rose-700 dark:text-rose-400" },
};

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

const formatTime = (date: Date) =>
  new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(date) + " UTC";

function RowCounts({ tables }: { tables: Record<string, number> }) {
  const total = Object.values(tables).reduce((sum, n) => sum + n, 0);
  return (
    <details>
      <summary className="cursor-pointer">{total.toLocaleString("en")} rows</summary>
      <dl className="mt-1 grid grid-cols-[auto_auto] gap-x-3 text-xs">
        {Object.entries(tables).map(([table, rows]) => (
          <div key={table} className="contents">
            <dt className="text-zinc-600 dark:text-zinc-400">{table}</dt>
            <dd className="text-right tabular-nums">{rows.toLocaleString("en")}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

export function BackupsAdmin() {
  const utils = api.useUtils();
  const list = api.backup.list.useQuery();
  const [verified, setVerified] = useState<Record<string, Verification>>({});

  const create = api.backup.create.useMutation({
    onSuccess: async (r) => {
      toast.success(`Backup written: ${formatBytes(r.backup.bytes)} in ${(r.ms / 1000).toFixed(1)} s`);
      await utils.backup.list.invalidate();
    },
    onError: (e) => toast.error(describeError(e)),
  });
  const verify = api.backup.verify.useMutation({
    onMutate: ({ file }) => setVerified((v) => ({ ...v, [file]: "pending" })),
    onSuccess: (r) => setVerified((v) => ({ ...v, [r.file]: { ok: r.ok, message: r.message } })),
    onError: (e, { file }) => setVerified((v) => ({ ...v, [file]: { ok: false, message: describeError(e) } })),
  });

  return (
    <main className="mx-auto max-w-5xl space-y-6 px-4 py-8">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Backups</h1>
          {list.data ? (
            <p className="text-sm text-zinc-600 dark:text-zinc-400">
              Stored in <code>{list.data.storage.location}</code>
            </p>
          ) : null}
        </div>
        <div className="flex items-center gap-3">
          <Link href="/" className="text-sm underline">
            Back to your work
          </Link>
          <Button variant="primary" onClick={() => create.mutate()} disabled={create.isPending}>
            {create.isPending ? "Backing up…" : "Back up now"}
          </Button>
        </div>
      </div>
      {create.error ? (
        <p role="alert" className="text-sm text-rose-700 dark:text-rose-400">
          {describeError(create.error)}
        </p>
      ) : null}

      <section aria-label="Backups" className="rounded-lg border border-zinc-200 dark:border-zinc-800">
        {list.isPending ? (
          <div role="status" aria-label="Loading backups" className="space-y-2 p-5">
            {[0, 1, 2].map((i) => (
              <div key={i} className="h-8 animate-pulse rounded bg-zinc-100 dark:bg-zinc-900" />
            ))}
          </div>
        ) : list.isError ? (
          <div role="alert" className="space-y-3 p-5 text-sm">
            <p className="text-rose-700 dark:text-rose-400">Could not load the backups: {describeError(list.error)}</p>
            <Button onClick={() => void list.refetch()}>Try again</Button>
          </div>
        ) : list.data.backups.length === 0 ? (
          <div className="p-8 text-center">
            <p className="font-medium">No backups yet</p>
            <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
              The nightly job writes one; &ldquo;Back up now&rdquo; writes one at once.
            </p>
          </div>
        ) : (
          <table className="w-full text-left text-sm">
            <thead className="border-b border-zinc-200 text-xs text-zinc-600 uppercase dark:border-zinc-800 dark:text-zinc-400">
              <tr>
                {["Taken", "Size", "Rows", "Status", "Verified"].map((heading) => (
                  <th key={heading} scope="col" className="px-4 py-2 font-semibold">
                    {heading}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
              {list.data.backups.map((b) => {
                const check = verified[b.file];
                return (
                  <tr key={b.file} className="align-top">
                    <td className="px-4 py-2">
                      {formatTime(b.createdAt)}
                      <span className="block text-xs break-all text-zinc-600 dark:text-zinc-400">{b.file}</span>
                    </td>
                    <td className="px-4 py-2 tabular-nums">{formatBytes(b.bytes)}</td>
                    <td className="px-4 py-2">
                      <RowCounts tables={b.tables} />
                    </td>
                    <td className={`px-4 py-2 ${STATUS[b.status].className}`}>{STATUS[b.status].label}</td>
                    <td className="px-4 py-2">
                      {check === undefined ? (
                        <Button onClick={() => verify.mutate({ file: b.file })}>Verify</Button>
                      ) : check === "pending" ? (
                        <span role="status">Checking…</span>
                      ) : (
                        <span
                          role="status"
                          title={check.message}
                          className={
                            check.ok ? "text-emerald-700 dark:text-emerald-400" : "text-rose-700 dark:text-rose-400"
                          }
                        >
                          {check.ok ? "Checksum matches" : `Failed: ${check.message}`}
                        </span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
    </main>
  );
}
