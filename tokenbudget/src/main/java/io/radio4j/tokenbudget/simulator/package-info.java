/**
 * A discrete-event simulator of a vLLM-like server (FCFS, chunked prefill) and the scenarios S1
 * (load sweep), S2 (load step) and S3 (multi-image allocation) that test the controller against
 * static token counts. Entry point: {@link io.radio4j.tokenbudget.simulator.SimulatorMain}.
 */
package io.radio4j.tokenbudget.simulator;
