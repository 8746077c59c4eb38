import * as esbuild from 'esbuild';
const r = await esbuild.build({ entryPoints:['src/extension.ts'], bundle:true, minify:true, platform:'node', format:'cjs', target:'node20', write:false, metafile:true, external:['vscode','mongodb','bson','mingo','mongodb-connection-string-url'], plugins:[{name:'x',setup(b){b.onResolve({filter:/chunks\/\w+Chunk$/},a=>({path:a.path,external:true}))}}]});
const inputs = r.metafile.inputs; const target = process.argv[2];
for (const [f,v] of Object.entries(inputs)) for (const i of v.imports) if (i.path.includes(target)) console.log(f, '->', i.path, i.kind);
