/** Modules generated at build time by Keyprobe's own Vite plugins (src/integrations). */
declare module 'virtual:keyprobe/error-pages' {
  const index: import('../integrations/error-pages').ErrorPagesIndex;
  export default index;
}
