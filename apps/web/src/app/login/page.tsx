import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Card } from "@/components/card";
import { LoginForm } from "@/features/auth/components/login-form";
import { SightlineMark } from "@/features/auth/components/sightline-mark";
import { getCurrentUser } from "@/features/auth/server/current-user";

export const metadata: Metadata = { title: "Sign in · Sightline" };
export const dynamic = "force-dynamic";

/** Sign-in page; a signed-in visitor goes straight to their first project. */
export default async function LoginPage() {
  if (await getCurrentUser()) redirect("/");
  return (
    <main className="flex min-h-screen flex-col items-center justify-center bg-gradient-to-b from-indigo-50 to-gray-50 px-4 py-12">
      <div className="mb-6 flex flex-col items-center gap-3 text-center">
        <SightlineMark className="size-11" />
        <div>
          <p className="text-xl font-semibold tracking-tight text-gray-900">Sightline</p>
          <p className="text-sm text-gray-500">Observability and tracing for LLM applications</p>
        </div>
      </div>
      <Card className="w-full max-w-sm p-6 shadow-sm">
        <h1 className="mb-5 text-base font-semibold text-gray-900">Sign in to your account</h1>
        <LoginForm />
      </Card>
      <p className="mt-6 max-w-sm text-center text-xs text-gray-500">
        On a fresh install, the first start prints the admin login in the server&apos;s output.
      </p>
    </main>
  );
}
