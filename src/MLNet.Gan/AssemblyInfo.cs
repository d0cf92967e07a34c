// Placeholder so the skeleton compiles; replaced as the library is ported.
namespace MLNet.Gan;
