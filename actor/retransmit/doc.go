// Package retransmit makes fair-loss links reliable on top of the actor layer, as in the
// textbook layering of stubborn and perfect links: a Retransmitter numbers what a node sends,
// keeps resending it on a RetransmitTimer until a StubbornAck arrives, and hands each Stubborn
// message to the node once.
package retransmit
