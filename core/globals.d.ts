// The only host timer core uses, to yield between training steps. Every host (browsers, workers, Node) has it;
// core is compiled without DOM or Node types, so it is declared here.
declare function setTimeout(callback: () => void, ms?: number): unknown;
