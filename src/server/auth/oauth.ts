import type { Db } from "~/server/db";

type GitHubEmail = { email: string; verified: boolean };

// The address a provider vouches for, or null. Google says so in its profile; for GitHub the user's
// list of addresses says which are verified (the profile's address may not be).
export async function verifiedProviderEmail(
  provider: string,
  profile: Record<string, unknown> | undefined,
  accessToken: string | undefined,
): Promise<string | null> {
  const email = typeof profile?.email === "string" ? profile.email.trim().toLowerCase() : null;
  if (!email || email.length > 254) return null;
  if (provider === "google") return profile?.email_verified === true ? email : null;
  if (provider === "github" && accessToken) {
    const res = await fetch("https://api.github.com/user/emails", {
      headers: {
        authorization: `Bearer ${accessToken}`,
        accept: "application/vnd.github+json",
        "user-agent": "taskmanager",
      },
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) return null;
    const emails = (await res.json()) as GitHubEmail[];
    return emails.some((e) => e.verified && e.email.toLowerCase() === email) ? email : null;
  }
  return null;
}

const USER = { id: true, email: true, name: true, sessionVersion: true } as const;

// The account behind an OAuth sign-in: the one already linked to this provider account, else the
// one with the (provider-verified) email, else a new one; the provider account is linked to it.
export async function oauthUser(
  db: Db,
  args: { provider: string; providerAccountId: string; email: string; name: string | null },
) {
  const linked = await db.account.findUnique({
    where: { provider_providerAccountId: { provider: args.provider, providerAccountId: args.providerAccountId } },
    select: { user: { select: USER } },
  });
  if (linked) return linked.user;
  // A password set on an account nobody confirmed was never proven to be the mailbox owner's (it may
  // be someone squatting the address), so it is dropped when the owner arrives through a provider.
  await db.user.updateMany({
    where: { email: args.email, emailVerified: null },
    data: { emailVerified: new Date(), passwordHash: null, sessionVersion: { increment: 1 } },
  });
  const user = await db.user.upsert({
    where: { email: args.email },
    update: {},
    create: { email: args.email, name: args.name?.slice(0, 100) ?? null, emailVerified: new Date() },
    select: USER,
  });
  await db.account.upsert({
    where: { provider_providerAccountId: { provider: args.provider, providerAccountId: args.providerAccountId } },
    update: {},
    create: { userId: user.id, type: "oauth", provider: args.provider, providerAccountId: args.providerAccountId },
  });
  return user;
}
