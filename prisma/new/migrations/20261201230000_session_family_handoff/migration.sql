-- Session families: existing sessions are each a family of one.
ALTER TABLE "Session" ADD COLUMN "familyId" TEXT;
UPDATE "Session" SET "familyId" = "id";
ALTER TABLE "Session" ALTER COLUMN "familyId" SET NOT NULL;

-- CreateIndex
CREATE INDEX "Session_familyId_idx" ON "Session"("familyId");

-- CreateTable
CREATE TABLE "HandoffCode" (
    "codeHash" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "returnOrigin" TEXT NOT NULL,
    "challenge" TEXT NOT NULL,
    "expires" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HandoffCode_pkey" PRIMARY KEY ("codeHash")
);

-- CreateIndex
CREATE INDEX "HandoffCode_sessionId_idx" ON "HandoffCode"("sessionId");

-- CreateIndex
CREATE INDEX "HandoffCode_expires_idx" ON "HandoffCode"("expires");

-- AddForeignKey
ALTER TABLE "HandoffCode" ADD CONSTRAINT "HandoffCode_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE CASCADE ON UPDATE CASCADE;
