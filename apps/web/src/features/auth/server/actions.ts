"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getStores } from "@/server/stores";
import { LOGIN_FAILED_MESSAGE, logIn, loginRetryAfterMs, MAX_EMAIL_LENGTH, MAX_PASSWORD_LENGTH, throttledMessage } from "./login";
import { clientAddress, requestIsHttps } from "./request-headers";
import { deleteSession, SESSION_COOKIE } from "./sessions";

export interface LoginFormState {
  error: string | null;
  /** Echoed back so the form keeps it after a failed attempt (React resets form fields). */
  email: string;
}

const loginFormSchema = z.object({
  email: z.string().trim().min(1).max(MAX_EMAIL_LENGTH),
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
});

export async function loginAction(_previous: LoginFormState, formData: FormData): Promise<LoginFormState> {
  const submittedEmail = formData.get("email");
  const email = typeof submittedEmail === "string" ? submittedEmail.slice(0, MAX_EMAIL_LENGTH) : "";
  const parsed = loginFormSchema.safeParse({ email: formData.get("email"), password: formData.get("password") });
  if (!parsed.success) return { error: LOGIN_FAILED_MESSAGE, email };

  const h = await headers();
  const credentials = { ...parsed.data, clientAddress: clientAddress(h) };
  const { db } = await getStores();
  const result = await logIn(db.prisma, credentials);
  if (!result.ok) {
    const error = result.reason === "throttled" ? throttledMessage(loginRetryAfterMs(credentials)) : LOGIN_FAILED_MESSAGE;
    return { error, email };
  }
  (await cookies()).set(SESSION_COOKIE, result.token, {
    httpOnly: true,
    sameSite: "lax",
    secure: requestIsHttps(h),
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
