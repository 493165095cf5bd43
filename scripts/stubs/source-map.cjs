// Handlebars builds its compiled templates with source-map's SourceNode when that package can be required,
// and with a small built-in stand-in otherwise. The bundles in dist/ map `source-map` here, to the stand-in:
// briefings never ask for source maps, and compiling the templates is then about twice as fast.
module.exports = {};
