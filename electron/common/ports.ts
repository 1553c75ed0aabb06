/**
 * The device listener's default ports, the same for the desktop app and headless mode, so a phone
 * set up with either keeps working with the other (phones keep the URL they were given).
 */
export const DEFAULT_DEVICE_PORT = 8080;
export const DEFAULT_DEVICE_HTTPS_PORT = 8443;
