/** Version reported as `telemetry.sdk.version` and as the instrumentation scope version. Keep in step with package.json. */
export const SDK_VERSION = "0.1.0";
export const SDK_NAME = "@sightline/sdk";
