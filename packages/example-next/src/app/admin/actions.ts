"use server";
// Server actions of the admin section: admin by construction (this file belongs to app/admin), so they
// enter the admin routing context; the admin session itself always uses the site's own tables.
import { redirect } from "next/navigation";
import { cookieCarrier } from "@/lib/cookies";
import { isLoginFailure } from "@/lib/responses";
import { asAdmin } from "@/lib/routing";
import { getAuth } from "@/lib/site";

export async function adminLogin(form: FormData): Promise<void> {
  const input = { email: form.get("email"), password: form.get("password") };
  try {
    await asAdmin(async () => getAuth().admins.login(input, ...(await cookieCarrier())));
  } catch (error) {
    if (isLoginFailure(error)) redirect("/admin?error=login");
    throw error;
  }
  redirect("/admin");
}

export async function adminLogout(): Promise<void> {
  await asAdmin(async () => getAuth().admins.logout(...(await cookieCarrier())));
  redirect("/admin");
}
