/** Another live process holds the embedded Postgres of this data folder. */
export class DataDirLockedError extends Error {
  constructor(readonly dataDir: string, readonly pid: number) {
    super(
      `The embedded Postgres in ${dataDir} is in use by process ${pid}; stop it or set SIGHTLINE_DATA_DIR ` +
        `to another folder`,
    );
    this.name = "DataDirLockedError";
  }
}
