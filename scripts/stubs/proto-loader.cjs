// Stands in for @grpc/proto-loader in the bundle: grpc-js loads it only for channelz and ORCA,
// which etcdctl never uses, and this project parses no .proto files at run time.
module.exports = {
  loadSync() {
    throw new Error('@grpc/proto-loader is not bundled: .proto files are not parsed at run time');
  },
};
