-- CreateTable
CREATE TABLE "model_prices" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "match_type" TEXT NOT NULL,
    "pattern" TEXT NOT NULL,
    "input_price" DOUBLE PRECISION NOT NULL,
    "output_price" DOUBLE PRECISION NOT NULL,
    "cached_input_price" DOUBLE PRECISION,
    "cache_creation_price" DOUBLE PRECISION,
    "reasoning_price" DOUBLE PRECISION,
    "created_by_id" TEXT,
    "updated_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "model_prices_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "model_prices_project_id_match_type_pattern_key" ON "model_prices"("project_id", "match_type", "pattern");

-- AddForeignKey
ALTER TABLE "model_prices" ADD CONSTRAINT "model_prices_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;
