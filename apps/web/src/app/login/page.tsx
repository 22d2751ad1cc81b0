import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Card } from "@/components/card";
import { LoginForm } from "@/features/auth/components/login-form";
import { getCurrentUser } from "@/features/auth/server/current-user";

export const metadata: Metadata = { title: "Sign in · Sightline" };
export const dynamic = "force-dynamic";

export default async function LoginPage() {
  if (await getCurrentUser()) redirect("/");
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <Card className="w-full max-w-sm p-6">
        <div className="mb-6 flex items-center gap-2">
          <span aria-hidden className="inline-block size-3 rounded-full bg-indigo-600" />
          <h1 className="text-lg font-semibold text-gray-900">Sign in to Sightline</h1>
        </div>
        <LoginForm />
      </Card>
    </main>
  );
}
