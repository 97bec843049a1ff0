/**
 * Implementation of the controller, not API: allocators (hull greedy, exact DP), the scheduler twin
 * and TTFT model, the load model and level governor, online estimators, and the profile's file
 * format. May change without notice.
 */
package io.radio4j.tokenbudget.internal;
