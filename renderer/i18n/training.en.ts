/** English strings of the training views (owned by the training side; merged by ./index.ts). */
const messages: Readonly<Record<string, string>> = {};
export default messages;
