// The floor under berth's first frame: Node + React + Ink drawing one trivial frame, bundled the
// way berth is (esbuild, production React) and started with the same node flags. It stays up
// until the bench ends it (as berth does), so the frame is drawn by a live Ink app.
import React from 'react';
import {Box, Text, render} from 'ink';

render(React.createElement(Box, {borderStyle: 'single'}, React.createElement(Text, null, 'berth-bench floor: a trivial Ink frame')));
