"use server";
// Server actions of the public site: they run outside any middleware's context, so each enters the
// site's routing context itself (asSite) before touching sessions.
import { redirect } from "next/navigation";
import { cookieCarrier } from "@/lib/cookies";
import { isLoginFailure } from "@/lib/responses";
import { asSite } from "@/lib/routing";
import { getAuth } from "@/lib/site";

export async function login(form: FormData): Promise<void> {
  const input = { email: form.get("email"), password: form.get("password") };
  try {
    await asSite(async () => getAuth().users.login(input, ...(await cookieCarrier())));
  } catch (error) {
    if (isLoginFailure(error)) redirect("/?error=login");
    throw error;
  }
  redirect("/");
}

export async function logout(): Promise<void> {
  await asSite(async () => getAuth().users.logout(...(await cookieCarrier())));
  redirect("/");
}
