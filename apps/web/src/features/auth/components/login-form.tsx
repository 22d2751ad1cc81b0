"use client";

import { useActionState } from "react";
import { Button } from "@/components/button";
import { ErrorMessage } from "@/components/error-message";
import { Input } from "@/components/input";
import { loginAction, type LoginFormState } from "../server/actions";

const initialState: LoginFormState = { error: null, email: "" };

/** Email + password form posting to the login server action; the error is a role="alert". */
export function LoginForm() {
  const [state, formAction, pending] = useActionState(loginAction, initialState);
  return (
    <form action={formAction} className="space-y-4" aria-busy={pending}>
      {state.error ? <ErrorMessage title="Sign-in failed" message={state.error} /> : null}
      <Input
        label="Email"
        name="email"
        type="email"
        autoComplete="username"
        defaultValue={state.email}
        maxLength={320}
        required
        autoFocus
      />
      <Input label="Password" name="password" type="password" autoComplete="current-password" maxLength={1024} required />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
