import { routingCheck } from "@/lib/routing-check";

export const GET = routingCheck("admin");
