// Ink imports react-devtools-core only in its DEV mode; the bundle never enables it.
export default {initialize() {}, connectToDevTools() {}};
