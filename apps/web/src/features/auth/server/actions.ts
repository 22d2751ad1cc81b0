"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { getStores } from "@/server/stores";
import { LOGIN_FAILED_MESSAGE, LOGIN_THROTTLED_MESSAGE, logIn } from "./login";
import { deleteSession, SESSION_COOKIE } from "./sessions";

export interface LoginFormState {
  error: string | null;
  /** Echoed back so the form keeps it after a failed attempt (React resets form fields). */
  email: string;
}

/** Whether the browser reached us over https (directly or through a TLS-terminating proxy). */
async function requestIsHttps(): Promise<boolean> {
  const forwarded = (await headers()).get("x-forwarded-proto");
  return forwarded?.split(",")[0]?.trim() === "https";
}

async function clientAddress(): Promise<string | undefined> {
  const h = await headers();
  return h.get("x-forwarded-for")?.split(",")[0]?.trim() || h.get("x-real-ip") || undefined;
}

export async function loginAction(_previous: LoginFormState, formData: FormData): Promise<LoginFormState> {
  const email = String(formData.get("email") ?? "");
  const password = String(formData.get("password") ?? "");
  if (!email || !password) return { error: LOGIN_FAILED_MESSAGE, email };
  const { db } = await getStores();
  const result = await logIn(db.prisma, { email, password, clientAddress: await clientAddress() });
  if (!result.ok) return { error: result.reason === "throttled" ? LOGIN_THROTTLED_MESSAGE : LOGIN_FAILED_MESSAGE, email };
  (await cookies()).set(SESSION_COOKIE, result.token, {
    httpOnly: true,
    sameSite: "lax",
    secure: await requestIsHttps(),
    path: "/",
    expires: result.expiresAt,
  });
  redirect("/");
}

export async function logoutAction(): Promise<void> {
  const jar = await cookies();
  const token = jar.get(SESSION_COOKIE)?.value;
  const { db } = await getStores();
  await deleteSession(db.prisma, token);
  jar.delete(SESSION_COOKIE);
  redirect("/login");
}
