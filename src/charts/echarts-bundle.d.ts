// Types for ECharts' single-file ESM build (see ./render.ts for why it is imported): the same API as the package's main entry.
declare module 'echarts/dist/echarts.esm.min.mjs' {
  export * from 'echarts';
}
