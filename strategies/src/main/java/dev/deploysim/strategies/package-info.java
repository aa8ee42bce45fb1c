/**
 * The deploy strategies under test and their explicit registry ({@link Strategies}): flyctl's
 * {@code immediate}, {@code rolling}, {@code canary}, the PR #4948 {@code canary-serving} variant and
 * {@code bluegreen}, plus the vocabulary ({@link Conditions}) in which they state their promises.
 */
package dev.deploysim.strategies;
