/** Vite asset imports used by the engine host (`?url`: the emitted file's URL). */
declare module '*?url' {
  const url: string;
  export default url;
}
