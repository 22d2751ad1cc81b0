export const SDK_NAME = "@sightline/sdk";
export const SDK_VERSION = "0.1.0";
